// Group commit for Kafka sends: while one send is in flight, messages from concurrent HTTP requests gather and
// leave together in the next one. Under load one produce request carries many messages (the broker round trip
// is the cost); an idle api sends at once, so no request waits for a timer.
import type { OutboundMessage } from '@folio/runtime';

type Send = (messages: readonly OutboundMessage[]) => Promise<void>;

interface Waiting {
  readonly messages: readonly OutboundMessage[];
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

export class CoalescingSender {
  private waiting: Waiting[] = [];
  private inFlight = false;

  constructor(
    private readonly sendBatch: Send,
    private readonly maxMessages = 2_000,
  ) {}

  /** Resolves once `messages` are acknowledged by the broker (acks=all), rejects if their send failed. */
  send: Send = (messages) => {
    if (messages.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ messages, resolve, reject });
      if (!this.inFlight) void this.drain();
    });
  };

  private async drain(): Promise<void> {
    this.inFlight = true;
    try {
      // Let the requests of this event-loop turn join the first send too.
      await new Promise((r) => setImmediate(r));
      while (this.waiting.length > 0) {
        const group: Waiting[] = [];
        let count = 0;
        while (this.waiting.length > 0 && (group.length === 0 || count + this.waiting[0]!.messages.length <= this.maxMessages)) {
          const next = this.waiting.shift()!;
          group.push(next);
          count += next.messages.length;
        }
        try {
          await this.sendBatch(group.flatMap((w) => w.messages));
          for (const w of group) w.resolve();
        } catch (error) {
          for (const w of group) w.reject(error);
        }
      }
    } finally {
      this.inFlight = false;
    }
  }
}
