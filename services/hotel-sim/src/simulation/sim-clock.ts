// Time inside one simulated call. Simulated seconds map to real time by `scale` (1 = real time); scale 0 is a
// virtual clock that jumps ahead without waiting, so tests run a ten-minute call in milliseconds. Timers due
// on the way (an asynchronous AMD result, a hold ending) fire in time order as the clock passes them.

export class CallAborted extends Error {
  constructor() {
    super('the call was interrupted');
  }
}

export class SimClock {
  private current = 0;
  private readonly timers: { at: number; seq: number; fn: () => Promise<void> | void }[] = [];
  private seq = 0;

  constructor(
    private readonly scale: number,
    private readonly signal: () => AbortSignal,
  ) {}

  /** Simulated seconds since the clock started. */
  now(): number {
    return this.current;
  }

  /** Runs `fn` when the clock passes `at`. */
  at(at: number, fn: () => Promise<void> | void): void {
    this.timers.push({ at, seq: this.seq++, fn });
    this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
  }

  /** Moves to `target` (waiting scaled real time), firing due timers in order; throws CallAborted if interrupted. */
  async advanceTo(target: number): Promise<void> {
    while (this.timers.length > 0 && this.timers[0]!.at <= target) {
      const timer = this.timers.shift()!;
      await this.wait(timer.at);
      await timer.fn();
    }
    await this.wait(target);
  }

  async advanceBy(seconds: number): Promise<void> {
    await this.advanceTo(this.current + seconds);
  }

  /** Fires every remaining timer (the call ended; their webhooks still go out, as Twilio's would). */
  async drain(): Promise<void> {
    while (this.timers.length > 0) {
      const timer = this.timers.shift()!;
      this.current = Math.max(this.current, timer.at);
      await timer.fn();
    }
  }

  private async wait(target: number): Promise<void> {
    const delta = target - this.current;
    if (delta <= 0) return;
    const signal = this.signal();
    if (signal.aborted) throw new CallAborted();
    const ms = delta * 1000 * this.scale;
    await new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        clearTimeout(timer);
        this.current += (Date.now() - started) / 1000 / Math.max(this.scale, 1e-9);
        reject(new CallAborted());
      };
      const started = Date.now();
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal.addEventListener('abort', onAbort, { once: true });
    });
    this.current = target;
  }
}
