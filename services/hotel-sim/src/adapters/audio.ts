// Audio the simulator hands out: MP3 for text-to-speech and WAV for call recordings. Both are silent but carry
// the words they stand for (an ID3 TXXX frame, a RIFF INFO ICMT chunk), so the simulated hotel can "hear" a
// <Play> of synthesised speech and the speech-to-text stand-in can transcribe a recording.

const TEXT_DESCRIPTION = 'folio-text';

function syncsafe(n: number): Buffer {
  return Buffer.from([(n >> 21) & 0x7f, (n >> 14) & 0x7f, (n >> 7) & 0x7f, n & 0x7f]);
}

/** An MPEG-1 Layer III mono stream of silent 128 kbit/s frames, led by an ID3v2.4 tag holding `text`. */
export function mp3WithText(text: string, seconds: number): Buffer {
  const content = Buffer.concat([Buffer.from([3]), Buffer.from(`${TEXT_DESCRIPTION}\0${text}`, 'utf-8')]);
  const frame = Buffer.concat([Buffer.from('TXXX'), syncsafe(content.length), Buffer.from([0, 0]), content]);
  const tag = Buffer.concat([Buffer.from('ID3'), Buffer.from([4, 0, 0]), syncsafe(frame.length), frame]);
  const frameBytes = 417; // 144 * 128000 / 44100, no padding
  const silent = Buffer.alloc(frameBytes);
  silent.set([0xff, 0xfb, 0x90, 0xc0]);
  const frames = Math.max(1, Math.round(Math.min(seconds, 30) / (1152 / 44100)));
  return Buffer.concat([tag, ...Array.from({ length: frames }, () => silent)]);
}

/** A 16-bit PCM 8 kHz mono WAV (Twilio's recording format) of silence, with `text` in a LIST/INFO/ICMT chunk. */
export function wavWithText(text: string, seconds: number): Buffer {
  const rate = 8000;
  const data = Buffer.alloc(Math.round(Math.min(seconds, 30) * rate) * 2);
  const fmt = Buffer.alloc(16);
  fmt.writeUInt16LE(1, 0);
  fmt.writeUInt16LE(1, 2);
  fmt.writeUInt32LE(rate, 4);
  fmt.writeUInt32LE(rate * 2, 8);
  fmt.writeUInt16LE(2, 12);
  fmt.writeUInt16LE(16, 14);
  const comment = Buffer.from(`${text}\0`, 'utf-8');
  const icmt = chunk('ICMT', comment);
  const list = chunk('LIST', Buffer.concat([Buffer.from('INFO'), icmt]));
  const body = Buffer.concat([Buffer.from('WAVE'), chunk('fmt ', fmt), list, chunk('data', data)]);
  const header = Buffer.alloc(8);
  header.write('RIFF', 0);
  header.writeUInt32LE(body.length, 4);
  return Buffer.concat([header, body]);
}

function chunk(id: string, payload: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header.write(id, 0);
  header.writeUInt32LE(payload.length, 4);
  return Buffer.concat([header, payload, payload.length % 2 ? Buffer.from([0]) : Buffer.alloc(0)]);
}

/** The words carried by audio from `mp3WithText` or `wavWithText`, or undefined for any other audio. */
export function textOfAudio(audio: Buffer): string | undefined {
  if (audio.subarray(0, 3).toString('latin1') === 'ID3') {
    const marker = Buffer.from(`${TEXT_DESCRIPTION}\0`, 'utf-8');
    const at = audio.indexOf(marker);
    if (at < 0) return undefined;
    const frameStart = at - 1 - 10;
    const size = ((audio[frameStart + 4]! & 0x7f) << 21) | ((audio[frameStart + 5]! & 0x7f) << 14) | ((audio[frameStart + 6]! & 0x7f) << 7) | (audio[frameStart + 7]! & 0x7f);
    return audio.subarray(at + marker.length, frameStart + 10 + size).toString('utf-8');
  }
  if (audio.subarray(0, 4).toString('latin1') === 'RIFF' && audio.subarray(8, 12).toString('latin1') === 'WAVE') {
    let offset = 12;
    while (offset + 8 <= audio.length) {
      const id = audio.subarray(offset, offset + 4).toString('latin1');
      const size = audio.readUInt32LE(offset + 4);
      if (id === 'LIST' && audio.subarray(offset + 8, offset + 12).toString('latin1') === 'INFO') {
        let inner = offset + 12;
        while (inner + 8 <= offset + 8 + size) {
          const innerId = audio.subarray(inner, inner + 4).toString('latin1');
          const innerSize = audio.readUInt32LE(inner + 4);
          if (innerId === 'ICMT') return audio.subarray(inner + 8, inner + 8 + innerSize).toString('utf-8').replace(/\0+$/, '');
          inner += 8 + innerSize + (innerSize % 2);
        }
      }
      offset += 8 + size + (size % 2);
    }
  }
  return undefined;
}
