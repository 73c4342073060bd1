import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import { TimerQueue } from './timer-queue.js';

describe('TimerQueue', () => {
  it('hands out due timers earliest first and keeps the rest', () => {
    const q = new TimerQueue();
    q.set('c', 30);
    q.set('a', 10);
    q.set('b', 20);
    expect(q.takeDue(20)).toEqual([{ id: 'a', dueAt: 10 }, { id: 'b', dueAt: 20 }]);
    expect(q.size).toBe(1);
    expect(q.nextDueAt()).toBe(30);
  });

  it('uses only the newest due time of a re-armed timer and never hands out a cancelled one', () => {
    const q = new TimerQueue();
    q.set('x', 10);
    q.set('x', 50);
    q.set('y', 5);
    q.remove('y');
    expect(q.takeDue(20)).toEqual([]);
    expect(q.takeDue(50)).toEqual([{ id: 'x', dueAt: 50 }]);
    expect(q.size).toBe(0);
  });

  it('respects the limit per call', () => {
    const q = new TimerQueue();
    for (let i = 0; i < 10; i++) q.set(`t${i}`, i);
    expect(q.takeDue(100, 3).map((t) => t.id)).toEqual(['t0', 't1', 't2']);
    expect(q.size).toBe(7);
  });

  it('matches a plain model for any sequence of arms, cancels and takes', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('set' as const), id: fc.integer({ min: 0, max: 20 }), at: fc.integer({ min: 0, max: 1000 }) }),
      fc.record({ kind: fc.constant('remove' as const), id: fc.integer({ min: 0, max: 20 }) }),
      fc.record({ kind: fc.constant('take' as const), now: fc.integer({ min: 0, max: 1000 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
        const q = new TimerQueue();
        const model = new Map<string, number>();
        for (const o of ops) {
          if (o.kind === 'set') {
            q.set(String(o.id), o.at);
            model.set(String(o.id), o.at);
          } else if (o.kind === 'remove') {
            q.remove(String(o.id));
            model.delete(String(o.id));
          } else {
            const expected = [...model].filter(([, at]) => at <= o.now).sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1));
            expect(q.takeDue(o.now).map((t) => [t.id, t.dueAt])).toEqual(expected);
            for (const [id] of expected) model.delete(id);
          }
          expect(q.size).toBe(model.size);
        }
      }),
    );
  });
});
