// Kafka sends in group commit: while one send is in flight, messages from concurrent HTTP requests gather and
// leave together in the next one. Under load one produce request carries many messages (the broker round trip
// is the cost); an idle api sends at once, so no request waits for a timer.
import type { OutboundMessage } from '@folio/runtime';
import { GroupCommit } from './group-commit.js';

type Send = (messages: readonly OutboundMessage[]) => Promise<void>;

export class CoalescingSender {
  private readonly group: GroupCommit<readonly OutboundMessage[], undefined>;

  constructor(sendBatch: Send, maxMessages = 2_000) {
    this.group = new GroupCommit<readonly OutboundMessage[], undefined>(
      async (inputs) => {
        await sendBatch(inputs.flat());
        return inputs.map(() => undefined);
      },
      { maxSize: maxMessages, sizeOf: (messages) => messages.length },
    );
  }

  /** Resolves once `messages` are acknowledged by the broker (acks=all), rejects if their send failed. */
  send: Send = async (messages) => {
    if (messages.length > 0) await this.group.submit(messages);
  };
}
