/**
 * A value computed at most once per scrape and shared by the series that read it: the first read of a scrape
 * computes it, the others get the same, and the scrape forgets it when done (DaemonMetrics.scrape), so the next
 * one computes it again and nothing is held between scrapes.
 */
export class PerScrape<T> {
  private value: { current: T } | null = null;

  constructor(private readonly compute: () => T) {}

  get(): T {
    this.value ??= { current: this.compute() };
    return this.value.current;
  }

  forget(): void {
    this.value = null;
  }
}
