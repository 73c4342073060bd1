// Accuracy of the voice analyzer on the labelled corpus. utterances.jsonl was used to tune the rules;
// holdout.jsonl was written before the rules and never tuned on, so its figure is the honest one.
import { describe, it, expect } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeUtterance, type Intent } from '../src/domain/voice-analyzer.js';

interface Labelled {
  readonly text: string;
  readonly intent: Intent;
  readonly when?: string;
  readonly noise?: string;
}

const here = dirname(fileURLToPath(import.meta.url));
const load = (name: string): Labelled[] =>
  readFileSync(join(here, 'corpus', name), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Labelled);

// Friday 6 February 2026, 10:30 on the hotel's wall clock.
const NOW = new Date('2026-02-06T15:30:00Z');
const ZONE = 'America/New_York';

interface Score {
  readonly accuracy: number;
  readonly whenAccuracy: number;
  readonly total: number;
  readonly confusions: Map<string, string[]>;
}

function score(corpus: readonly Labelled[]): Score {
  let right = 0;
  let whenTotal = 0;
  let whenRight = 0;
  const confusions = new Map<string, string[]>();
  for (const u of corpus) {
    const a = analyzeUtterance(u.text, { now: NOW, timeZone: ZONE });
    if (a.intent === u.intent) right++;
    else {
      const key = `${u.intent} -> ${a.intent}`;
      confusions.set(key, [...(confusions.get(key) ?? []), u.text]);
    }
    if (u.when !== undefined) {
      whenTotal++;
      const got = a.when?.slice(0, 16);
      if (a.intent === u.intent && got === u.when) whenRight++;
      else if (a.intent === u.intent) {
        const key = `time ${u.when} -> ${got ?? 'none'}`;
        confusions.set(key, [...(confusions.get(key) ?? []), u.text]);
      }
    }
  }
  return { accuracy: right / corpus.length, whenAccuracy: whenTotal === 0 ? 1 : whenRight / whenTotal, total: corpus.length, confusions };
}

function report(name: string, s: Score): string {
  const lines = [`${name}: ${s.total} utterances, intent accuracy ${(s.accuracy * 100).toFixed(1)} %, callback time accuracy ${(s.whenAccuracy * 100).toFixed(1)} %`];
  for (const [pair, texts] of [...s.confusions.entries()].sort((a, b) => b[1].length - a[1].length)) {
    lines.push(`  ${pair} (${texts.length}): ${texts.slice(0, 3).map((t) => JSON.stringify(t)).join(', ')}`);
  }
  return lines.join('\n');
}

describe('voice analyzer corpus', () => {
  const tuned = load('utterances.jsonl');
  const holdout = [...load('holdout.jsonl'), ...load('holdout-3.jsonl')];

  it('holds at least 300 labelled utterances with ASR-noisy variants', () => {
    expect(tuned.length + holdout.length).toBeGreaterThanOrEqual(300);
    expect(tuned.filter((u) => u.noise !== undefined && u.noise !== 'none').length).toBeGreaterThanOrEqual(150);
  });

  it('classifies the tuned corpus above its floor', () => {
    const s = score(tuned);
    console.log(report('tuned corpus (utterances.jsonl)', s));
    expect(s.accuracy).toBeGreaterThanOrEqual(TUNED_FLOOR);
    expect(s.whenAccuracy).toBeGreaterThanOrEqual(TUNED_WHEN_FLOOR);
  });

  it.each(['holdout.jsonl', 'holdout-3.jsonl'])('classifies the held-out corpus %s above its floor', (name) => {
    const s = score(load(name));
    console.log(report(`held-out corpus (${name})`, s));
    expect(s.accuracy).toBeGreaterThanOrEqual(HOLDOUT_FLOOR);
    expect(s.whenAccuracy).toBeGreaterThanOrEqual(HOLDOUT_WHEN_FLOOR);
  });
});

const TUNED_FLOOR = 0.95;
const TUNED_WHEN_FLOOR = 0.9;
const HOLDOUT_FLOOR = 0.85;
const HOLDOUT_WHEN_FLOOR = 0.85;
