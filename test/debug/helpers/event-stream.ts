import http from 'node:http';
import { SseParser, type ServerSentEvent } from '../../../src/debug/sse-parser.js';

export interface EventStreamClient {
  messages: ServerSentEvent[];
  /** Resolves with the first message (counting from the start) that matches, or rejects after `timeoutMs`. */
  next(match: (message: ServerSentEvent) => boolean, timeoutMs?: number): Promise<ServerSentEvent>;
  close(): void;
  closed: Promise<void>;
}

/** Reads `url` as an event stream until closed, keeping every message. */
export function openEventStream(url: string): Promise<EventStreamClient> {
  return new Promise((resolve, reject) => {
    const messages: ServerSentEvent[] = [];
    const waiting = new Set<() => void>();
    let ended!: () => void;
    const closed = new Promise<void>((done) => (ended = done));
    const request = http.get(url, (response) => {
      if (response.statusCode !== 200) return reject(new Error(`${url} answered ${response.statusCode}`));
      const parser = new SseParser();
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        messages.push(...parser.push(chunk));
        for (const wake of [...waiting]) wake();
      });
      response.on('close', ended);
      resolve({
        messages,
        closed,
        close: () => request.destroy(),
        next: (match, timeoutMs = 10_000) =>
          new Promise((found, fail) => {
            const check = () => {
              const hit = messages.find(match);
              if (!hit) return;
              cleanup();
              found(hit);
            };
            const timer = setTimeout(() => {
              cleanup();
              fail(new Error(`no matching event within ${timeoutMs} ms; got ${JSON.stringify(messages)}`));
            }, timeoutMs);
            const cleanup = () => {
              clearTimeout(timer);
              waiting.delete(check);
            };
            waiting.add(check);
            check();
          }),
      });
    });
    request.on('error', reject);
  });
}

/** GET `url`, with optional headers; the status, headers and body. */
export function get(
  url: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<{ status: number; type: string; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { headers, method }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          type: response.headers['content-type'] ?? '',
          body,
          headers: response.headers,
        }),
      );
    });
    request.on('error', reject);
    request.end();
  });
}
