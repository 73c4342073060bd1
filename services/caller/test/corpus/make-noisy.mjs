// Builds utterances.jsonl from base.jsonl: every hand-written utterance, then one ASR-noisy variant of
// each (lowercase without punctuation, plus a filler, a homophone or a dropped word), seeded so the
// corpus is the same on every run. Run: node services/caller/test/corpus/make-noisy.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const base = readFileSync(join(here, 'base.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));

let seed = 20260206;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];

const FILLERS = ['uh', 'um', 'you know', 'like', 'so', 'hmm', 'well', 'er'];
const HOMOPHONES = [
  [/\bfolio\b/g, 'polio'], [/\bfolio\b/g, 'folly o'], [/\binvoice\b/g, 'in voice'], [/\bhold on\b/g, 'hole on'],
  [/\bi'll\b/g, 'ill'], [/\bwe'll\b/g, 'well'], [/\bsure\b/g, 'shore'], [/\bconfirmation\b/g, 'conformation'],
  [/\btomorrow\b/g, 'to morrow'], [/\bemail\b/g, 'e mail'], [/\bright\b/g, 'write'], [/\bone\b/g, 'won'],
  [/\bcan't\b/g, 'cant'], [/\bdon't\b/g, 'dont'], [/\bsend\b/g, 'sent'], [/\bthere's\b/g, 'theres'], [/\bcall\b/g, 'col'],
  [/\bmessage\b/g, 'massage'], [/\bwe're\b/g, 'were'], [/\bby\b/g, 'buy'], [/\bhour\b/g, 'our'],
];
const DROPPABLE = ['the', 'a', 'it', 'to', 'please', 'you', 'that', 'we', 'i'];

function asr(text) {
  return text.toLowerCase().replace(/[.,!?;"]/g, '').replace(/\s+/g, ' ').trim();
}

function noisy(entry) {
  const lower = entry.text.toLowerCase();
  const kinds = ['filler', 'homophone', 'drop'];
  for (let attempt = 0; attempt < 6; attempt++) {
    const kind = pick(kinds);
    if (kind === 'filler') {
      const words = asr(lower).split(' ');
      const at = Math.floor(rand() * (words.length + 1));
      words.splice(at, 0, pick(FILLERS));
      return { ...entry, text: words.join(' '), noise: 'filler' };
    }
    if (kind === 'homophone') {
      const applicable = HOMOPHONES.filter(([re]) => re.test(lower));
      if (applicable.length === 0) continue;
      const [re, to] = pick(applicable);
      return { ...entry, text: asr(lower.replace(re, to)), noise: 'homophone' };
    }
    const words = asr(lower).split(' ');
    const idx = words.map((w, i) => (DROPPABLE.includes(w) ? i : -1)).filter((i) => i >= 0);
    if (idx.length === 0 || words.length < 3) continue;
    words.splice(pick(idx), 1);
    return { ...entry, text: words.join(' '), noise: 'dropped-word' };
  }
  return { ...entry, text: asr(lower), noise: 'lowercase' };
}

const out = [...base.map((e) => ({ ...e, noise: 'none' })), ...base.map(noisy)];
writeFileSync(join(here, 'utterances.jsonl'), out.map((e) => JSON.stringify(e)).join('\n') + '\n');
console.log(`${out.length} utterances`);
