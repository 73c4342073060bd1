// Pending timers of one partition ordered by due time: a binary min-heap with lazy deletion, so that
// setting, replacing and cancelling a timer is O(log n) and finding what is due never scans the rest.

interface Entry {
  readonly dueAt: number;
  readonly id: string;
}

export class TimerQueue {
  private readonly heap: Entry[] = [];
  private readonly current = new Map<string, number>();

  get size(): number {
    return this.current.size;
  }

  has(id: string): boolean {
    return this.current.has(id);
  }

  /** Arms or re-arms `id` for `dueAt` (ms since the epoch); the previous due time, if any, no longer counts. */
  set(id: string, dueAt: number): void {
    if (this.current.get(id) === dueAt) return;
    this.current.set(id, dueAt);
    this.push({ id, dueAt });
    // Stale entries are dropped lazily; rebuild when they outnumber live ones so memory stays bounded.
    if (this.heap.length > 2 * this.current.size + 1024) this.rebuild();
  }

  remove(id: string): void {
    this.current.delete(id);
  }

  /** The earliest due time, or undefined when nothing is pending. */
  nextDueAt(): number | undefined {
    this.dropStale();
    return this.heap[0]?.dueAt;
  }

  /** Removes and returns up to `limit` timers due at or before `now`, earliest first. */
  takeDue(now: number, limit = Number.POSITIVE_INFINITY): { id: string; dueAt: number }[] {
    const out: { id: string; dueAt: number }[] = [];
    while (out.length < limit) {
      this.dropStale();
      const top = this.heap[0];
      if (!top || top.dueAt > now) break;
      this.pop();
      this.current.delete(top.id);
      out.push({ id: top.id, dueAt: top.dueAt });
    }
    return out;
  }

  private dropStale(): void {
    while (this.heap.length > 0) {
      const top = this.heap[0]!;
      if (this.current.get(top.id) === top.dueAt) return;
      this.pop();
    }
  }

  private rebuild(): void {
    this.heap.length = 0;
    for (const [id, dueAt] of this.current) this.push({ id, dueAt });
  }

  private less(a: Entry, b: Entry): boolean {
    return a.dueAt < b.dueAt || (a.dueAt === b.dueAt && a.id < b.id);
  }

  private push(entry: Entry): void {
    const h = this.heap;
    h.push(entry);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(h[i]!, h[parent]!)) break;
      [h[i], h[parent]] = [h[parent]!, h[i]!];
      i = parent;
    }
  }

  private pop(): void {
    const h = this.heap;
    const last = h.pop();
    if (h.length === 0 || !last) return;
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
      if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
      if (m === i) return;
      [h[i], h[m]] = [h[m]!, h[i]!];
      i = m;
    }
  }
}
