/**
 * A value computed at most once per scrape and shared by the series that read it. prom-client's `metrics()`
 * calls every metric's `collect` synchronously, one after the other, before it awaits anything; so the value is
 * kept until the current synchronous run ends (a microtask) and computed again by the next scrape.
 */
export class PerScrape<T> {
  private value: { current: T } | null = null;

  constructor(private readonly compute: () => T) {}

  get(): T {
    if (this.value) return this.value.current;
    const current = this.compute();
    this.value = { current };
    queueMicrotask(() => (this.value = null));
    return current;
  }
}
