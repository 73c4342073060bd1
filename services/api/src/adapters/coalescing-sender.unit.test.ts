import { describe, it, expect } from '@jest/globals';
import type { OutboundMessage } from '@folio/runtime';
import { CoalescingSender } from './coalescing-sender.js';

const msg = (key: string): OutboundMessage => ({ topic: 't', key, schema: { type: 'record', name: 'X', namespace: 'io.folio.test', fields: [] }, value: {} });

describe('CoalescingSender', () => {
  it('sends concurrent messages together while a send is in flight, each caller resolved after its own send', async () => {
    const sent: string[][] = [];
    let release: () => void = () => undefined;
    const sender = new CoalescingSender(async (messages) => {
      sent.push(messages.map((m) => m.key));
      if (sent.length === 1) await new Promise<void>((r) => (release = r));
    });
    const first = sender.send([msg('a')]);
    await new Promise((r) => setImmediate(r));
    const rest = [sender.send([msg('b')]), sender.send([msg('c'), msg('d')])];
    release();
    await Promise.all([first, ...rest]);
    expect(sent).toEqual([['a'], ['b', 'c', 'd']]);
  });

  it('rejects the callers of a failed send only, and carries on', async () => {
    let calls = 0;
    const sender = new CoalescingSender(async () => {
      calls++;
      if (calls === 1) throw new Error('broker down');
    });
    await expect(sender.send([msg('a')])).rejects.toThrow('broker down');
    await expect(sender.send([msg('b')])).resolves.toBeUndefined();
  });

  it('never puts more than maxMessages in one send, unless one caller alone has more', async () => {
    const sizes: number[] = [];
    let release: () => void = () => undefined;
    const sender = new CoalescingSender(async (messages) => {
      sizes.push(messages.length);
      if (sizes.length === 1) await new Promise<void>((r) => (release = r));
    }, 3);
    const first = sender.send([msg('x')]);
    await new Promise((r) => setImmediate(r));
    const more = [sender.send([msg('a'), msg('b')]), sender.send([msg('c'), msg('d')]), sender.send([msg('e'), msg('f'), msg('g'), msg('h')])];
    release();
    await Promise.all([first, ...more]);
    expect(sizes).toEqual([1, 2, 2, 4]);
  });
});
