/**
 * Fake process ids. Nothing runs, but containerd expects a non-zero pid per live sandbox and task, unique among the
 * live ones. Ids are handed out from a rotating counter in a range that real pids on a default Linux host
 * (pid_max 4194304) can also take, skipping ids still in use.
 */
export class PidAllocator {
  private readonly live = new Set<number>();
  private next: number;

  constructor(
    private readonly first = 100_000,
    private readonly last = 4_194_303,
  ) {
    this.next = first;
  }

  allocate(): number {
    const span = this.last - this.first + 1;
    for (let tries = 0; tries < span; tries++) {
      const pid = this.next;
      this.next = pid >= this.last ? this.first : pid + 1;
      if (!this.live.has(pid)) {
        this.live.add(pid);
        return pid;
      }
    }
    throw new Error('no free fake pid left');
  }

  /** Marks a pid recovered from disk as in use. */
  reserve(pid: number): void {
    if (pid > 0) this.live.add(pid);
  }

  release(pid: number): void {
    this.live.delete(pid);
  }
}
