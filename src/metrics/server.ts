import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { authorityOf, hostnameOf, isLoopbackHost, parseListenAddress } from '../debug/listen-address.js';

export interface MetricsServerOptions {
  /** `host:port`; port 0 picks a free one. Whether a non-loopback host is allowed is decided by the caller. */
  listen: string;
  scrape(): Promise<{ body: string; contentType: string }>;
  log: Logger;
}

/** `--metrics-listen`: GET /metrics in the Prometheus text format over plain HTTP (node:http), read-only. */
export class MetricsServer {
  private constructor(
    private readonly server: Server,
    /** The scrape URL actually bound (with the real port when 0 was asked for). */
    readonly url: string,
  ) {}

  static async start(options: MetricsServerOptions): Promise<MetricsServer> {
    const parsed = parseListenAddress(options.listen);
    if (!parsed.ok) throw new Error(`metrics listen address '${options.listen}' ${parsed.detail}`);
    const loopbackOnly = isLoopbackHost(parsed.address.host);
    const server = createServer((request, response) => {
      answer(request, response, loopbackOnly, options).catch((error: unknown) => {
        options.log.error(
          { err: error instanceof Error ? error.message : String(error) },
          'metrics scrape failed',
        );
        if (!response.headersSent) reply(response, 500, 'text/plain; charset=utf-8', 'scrape failed\n');
        else response.destroy();
      });
    });
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(parsed.address.port, parsed.address.host, () => resolve());
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`metrics server cannot listen on ${options.listen}: ${reason}`);
    }
    const bound = server.address() as AddressInfo;
    const url = `http://${authorityOf({ host: parsed.address.host, port: bound.port })}/metrics`;
    options.log.info({ url }, 'metrics server listening');
    return new MetricsServer(server, url);
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }
}

async function answer(
  request: IncomingMessage,
  response: ServerResponse,
  loopbackOnly: boolean,
  options: MetricsServerOptions,
): Promise<void> {
  // A web page elsewhere could reach a loopback server through DNS rebinding; its Host header gives it away.
  if (loopbackOnly && !isLoopbackHost(hostnameOf(request.headers.host))) {
    return reply(
      response,
      403,
      'text/plain; charset=utf-8',
      'the metrics server only answers loopback host names\n',
    );
  }
  if (request.method !== 'GET') {
    response.setHeader('allow', 'GET');
    return reply(response, 405, 'text/plain; charset=utf-8', 'only GET is served\n');
  }
  const path = new URL(request.url ?? '/', 'http://metrics').pathname;
  if (path !== '/metrics')
    return reply(response, 404, 'text/plain; charset=utf-8', `nothing at ${path}; try /metrics\n`);
  const { body, contentType } = await options.scrape();
  reply(response, 200, contentType, body);
}

function reply(response: ServerResponse, status: number, type: string, body: string): void {
  response.writeHead(status, {
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'content-type': type,
    'content-length': Buffer.byteLength(body),
  });
  response.end(body);
}
