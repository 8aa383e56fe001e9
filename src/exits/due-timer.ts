import { DueList } from './due-list.js';

/** The longest delay setTimeout takes (about 24.8 days); a later entry re-arms when it fires. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * One timer over a due list: a single setTimeout for the earliest entry, whatever their number. When it fires,
 * every entry due by then is handed to `onDue`, earliest first; one due in the past is handed over at once.
 */
export class DueTimer<T extends { readonly at: number }> {
  private readonly due = new DueList<T>();
  private handle: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly now: () => number,
    private readonly onDue: (entry: T) => void,
  ) {}

  add(entry: T): void {
    this.due.add(entry);
    this.schedule();
  }

  get size(): number {
    return this.due.size;
  }

  stop(): void {
    this.stopped = true;
    if (this.handle) clearTimeout(this.handle);
    this.handle = null;
    this.due.clear();
  }

  private schedule(): void {
    if (this.stopped) return;
    if (this.handle) clearTimeout(this.handle);
    this.handle = null;
    const next = this.due.earliest;
    if (!next) return;
    const delay = Math.min(Math.max(0, next.at - this.now()), MAX_TIMEOUT_MS);
    this.handle = setTimeout(() => this.fire(), delay);
    this.handle.unref();
  }

  private fire(): void {
    this.handle = null;
    for (const entry of this.due.takeDue(this.now())) this.onDue(entry);
    this.schedule();
  }
}
