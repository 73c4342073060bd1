// Group commit for any batched operation: while one run is in flight, the inputs of concurrent callers gather
// and go together in the next run; an idle caller runs at once. Each caller gets its own output, or the
// error of the run its input was part of.
interface Waiting<In, Out> {
  readonly input: In;
  readonly size: number;
  readonly resolve: (out: Out) => void;
  readonly reject: (error: unknown) => void;
}

export class GroupCommit<In, Out> {
  private waiting: Waiting<In, Out>[] = [];
  private inFlight = false;

  /** `run` gets the inputs of one group and returns one output per input, in order. */
  constructor(
    private readonly run: (inputs: readonly In[]) => Promise<readonly Out[]>,
    private readonly options: { maxSize: number; sizeOf: (input: In) => number } = { maxSize: 2_000, sizeOf: () => 1 },
  ) {}

  submit(input: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.waiting.push({ input, size: this.options.sizeOf(input), resolve, reject });
      if (!this.inFlight) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.inFlight = true;
    try {
      // Let the callers of this event-loop turn join the first run too.
      await new Promise((r) => setImmediate(r));
      while (this.waiting.length > 0) {
        const group: Waiting<In, Out>[] = [];
        let size = 0;
        while (this.waiting.length > 0 && (group.length === 0 || size + this.waiting[0]!.size <= this.options.maxSize)) {
          const next = this.waiting.shift()!;
          group.push(next);
          size += next.size;
        }
        try {
          const outputs = await this.run(group.map((w) => w.input));
          group.forEach((w, i) => w.resolve(outputs[i]!));
        } catch (error) {
          for (const w of group) w.reject(error);
        }
      }
    } finally {
      this.inFlight = false;
    }
  }
}
