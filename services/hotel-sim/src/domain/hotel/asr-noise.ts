// Speech recognition as it really comes back from a phone line: at a given noise level words drop out, sound-alike
// words replace others, and confidence falls. `random` is injected (seeded per call) so runs repeat.

const SOUND_ALIKES: Record<string, string> = {
  folio: 'polio',
  email: 'e mail',
  send: 'sent',
  right: 'write',
  for: 'four',
  to: 'two',
  hold: 'old',
  reservation: 'reservations',
  billing: 'building',
  sure: 'shore',
  find: 'fine',
  call: 'tall',
};

export interface Recognised {
  readonly text: string;
  /** 0..1, as Twilio's Confidence parameter. */
  readonly confidence: number;
}

export function recognise(text: string, noise: number, random: () => number): Recognised {
  const level = Math.min(1, Math.max(0, noise));
  if (level === 0) return { text, confidence: round(0.9 + random() * 0.08) };
  const words = text.split(/\s+/).filter(Boolean);
  const out: string[] = [];
  for (const word of words) {
    const roll = random();
    const bare = word.toLowerCase().replace(/[^a-z]/g, '');
    if (roll < level * 0.15) continue; // dropped
    if (roll < level * 0.45 && SOUND_ALIKES[bare]) {
      out.push(SOUND_ALIKES[bare]!);
      continue;
    }
    out.push(word);
  }
  return { text: out.join(' '), confidence: round(Math.max(0.05, 0.92 - level * 0.6 - random() * 0.1)) };
}

/** A small deterministic generator (mulberry32) seeded from a string such as the call SID. */
export function seededRandom(seed: string): () => number {
  let h = 1779033703 ^ seed.length;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 3432918353), (h = (h << 13) | (h >>> 19));
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
