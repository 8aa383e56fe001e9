export interface ServerSentEvent {
  event: string;
  data: string;
  id: string | null;
}

/**
 * Incremental parser for a `text/event-stream` body (the WHATWG rules we need: `event`, `data`, `id`, comments,
 * any line ending). Feed it chunks; it returns the events completed so far.
 */
export class SseParser {
  private buffer = '';
  private event = '';
  private data: string[] = [];
  private id: string | null = null;
  /** The last chunk ended with \r: a \n starting the next one belongs to the same line ending. */
  private pendingLf = false;

  push(chunk: string): ServerSentEvent[] {
    const text = this.pendingLf && chunk.startsWith('\n') ? chunk.slice(1) : chunk;
    this.pendingLf = chunk.endsWith('\r');
    this.buffer += text;
    const lines = this.buffer.split(/\r\n|\r|\n/);
    // A chunk may end inside a line: keep the unfinished part.
    this.buffer = lines.pop() ?? '';
    const done: ServerSentEvent[] = [];
    for (const line of lines) {
      if (line === '') {
        if (this.data.length > 0)
          done.push({ event: this.event || 'message', data: this.data.join('\n'), id: this.id });
        this.event = '';
        this.data = [];
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') this.event = value;
      else if (field === 'data') this.data.push(value);
      else if (field === 'id') this.id = value;
    }
    return done;
  }
}
