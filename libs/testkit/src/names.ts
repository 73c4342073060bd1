// Names with a random suffix per test run, so tests never race over topics, groups, subjects or buckets.
import { randomBytes } from 'node:crypto';

const run = randomBytes(3).toString('hex');

/** `<prefix>.<run>.<random>`: unique per call, grouped by test run. */
export function uniqueName(prefix: string, separator = '.'): string {
  return [prefix, run, randomBytes(3).toString('hex')].join(separator);
}
