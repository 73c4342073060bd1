import { describe, it, expect } from '@jest/globals';
import { GroupCommit } from './group-commit.js';

describe('GroupCommit', () => {
  it('runs the inputs that arrive during a run together, and gives each caller its own output', async () => {
    const runs: number[][] = [];
    let release: () => void = () => undefined;
    const group = new GroupCommit<number, number>(async (inputs) => {
      runs.push([...inputs]);
      if (runs.length === 1) await new Promise<void>((r) => (release = r));
      return inputs.map((i) => i * 10);
    });
    const first = group.submit(1);
    await new Promise((r) => setImmediate(r));
    const later = [group.submit(2), group.submit(3)];
    release();
    expect(await Promise.all([first, ...later])).toEqual([10, 20, 30]);
    expect(runs).toEqual([[1], [2, 3]]);
  });
});
