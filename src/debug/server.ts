import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Registries } from '../../machines/registries.js';
import type { CallLog } from '../calls/call-log.js';
import type { TransitionFeed } from '../inspect/feed.js';
import { loadAssets, type Asset } from './assets.js';
import { streamEvents } from './event-stream.js';
import {
  authorityOf,
  hostnameOf,
  isLoopbackHost,
  parseListenAddress,
  type ListenAddress,
} from './listen-address.js';
import { LiveView } from './live-view.js';
import { recentCalls } from './recent-calls.js';
import { historyAnswer } from './history-api.js';
import type { UsageHistory } from '../history/usage-history.js';

export interface DebugServerOptions {
  /** `host:port`; port 0 picks a free one. Whether a non-loopback host is allowed is decided by the caller. */
  listen: string;
  feed: TransitionFeed;
  registries: Registries;
  /** The calls the daemon answered, for the page's Calls panel. */
  calls: CallLog;
  log: Logger;
  /** The usage history, for /api/history and the page's charts; undefined when the daemon keeps none. */
  history?: UsageHistory | undefined;
}

const SECURITY_HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  // The page may load nothing from anywhere but the daemon.
  'content-security-policy': "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:",
};

/**
 * `--debug-listen`: the live inspection page and its JSON/SSE API over plain HTTP (node:http), read-only.
 * Routes: `/`, `/api/actors`, `/api/calls`, `/api/history`, `/api/events`, `/api/diagram/<machine>.svg`.
 */
export class DebugServer {
  private constructor(
    private readonly server: Server,
    private readonly view: LiveView,
    /** The address actually bound (with the real port when 0 was asked for). */
    readonly url: string,
  ) {}

  static async start(options: DebugServerOptions): Promise<DebugServer> {
    const parsed = parseListenAddress(options.listen);
    if (!parsed.ok) throw new Error(`debug listen address '${options.listen}' ${parsed.detail}`);
    const assets = await loadAssets();
    const view = new LiveView(options.feed, options.registries);
    const route = router(parsed.address, assets, view, options);
    const server = createServer((request, response) => {
      try {
        route(request, response);
      } catch (error) {
        options.log.error(
          { err: error instanceof Error ? error.message : String(error) },
          'debug server failed',
        );
        if (!response.headersSent) reply(response, 500, 'text/plain; charset=utf-8', 'internal error\n');
        else response.destroy();
      }
    });
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(parsed.address.port, parsed.address.host, () => resolve());
      });
    } catch (error) {
      view.close();
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`debug server cannot listen on ${options.listen}: ${reason}`);
    }
    const bound = server.address() as AddressInfo;
    const url = `http://${authorityOf({ host: parsed.address.host, port: bound.port })}/`;
    options.log.info({ url }, 'debug server listening');
    return new DebugServer(server, view, url);
  }

  /** Open /api/events streams (for tests: a closed client must not stay subscribed). */
  get streams(): number {
    return this.view.streams;
  }

  /** Ends every open stream and stops listening. */
  async close(): Promise<void> {
    this.view.close();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }
}

type Route = (request: IncomingMessage, response: ServerResponse) => void;

function router(
  address: ListenAddress,
  assets: Awaited<ReturnType<typeof loadAssets>>,
  view: LiveView,
  { calls, log, history, registries }: DebugServerOptions,
): Route {
  const loopbackOnly = isLoopbackHost(address.host);
  return (request, response) => {
    // A web page elsewhere could reach a loopback server through DNS rebinding; its Host header gives it away.
    if (loopbackOnly && !isLoopbackHost(hostnameOf(request.headers.host))) {
      return reply(
        response,
        403,
        'text/plain; charset=utf-8',
        'the debug server only answers loopback host names\n',
      );
    }
    if (request.method !== 'GET') {
      response.setHeader('allow', 'GET');
      return reply(response, 405, 'text/plain; charset=utf-8', 'only GET is served\n');
    }
    const url = new URL(request.url ?? '/', 'http://debug');
    const path = url.pathname;
    if (path === '/api/events') return streamEvents(request, response, view, calls, log, history);
    if (path === '/api/history') {
      const { status, body } = historyAnswer(history, registries, url.searchParams);
      const type = status === 200 ? 'application/json' : 'text/plain; charset=utf-8';
      return reply(response, status, type, body);
    }
    if (path === '/api/actors')
      return send(response, { type: 'application/json', body: JSON.stringify(view.snapshot()) });
    if (path === '/api/calls')
      return send(response, { type: 'application/json', body: JSON.stringify(recentCalls(calls)) });
    const diagram = /^\/api\/diagram\/([a-z]+)\.svg$/.exec(path)?.[1];
    const asset = diagram !== undefined ? assets.diagrams.get(diagram) : assets.files.get(path);
    if (asset) return send(response, asset);
    reply(response, 404, 'text/plain; charset=utf-8', `nothing at ${path}\n`);
  };
}

const send = (response: ServerResponse, asset: Asset): void => reply(response, 200, asset.type, asset.body);

function reply(response: ServerResponse, status: number, type: string, body: string): void {
  response.writeHead(status, {
    ...SECURITY_HEADERS,
    'content-type': type,
    'content-length': Buffer.byteLength(body),
  });
  response.end(body);
}
