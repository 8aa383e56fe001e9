/** Asks a component whether it works (component.ts says how); a probe answers in at most two seconds. */
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { HealthCheck } from './component.js';
import { runCommand } from './run-command.js';

const PROBE_TIMEOUT_MS = 2_000;

/** undefined when healthy, else what went wrong (a status, an error code, crictl's complaint). */
export async function probe(check: HealthCheck, crictl: string): Promise<string | undefined> {
  switch (check.kind) {
    case 'http':
      return probeHttp(check.url, check.bearerToken);
    case 'socket':
      return probeSocket(check.path);
    case 'cri': {
      const result = await runCommand(
        crictl,
        ['--runtime-endpoint', check.endpoint, '--timeout', '2s', 'pods', '-q'],
        {
          timeoutMs: PROBE_TIMEOUT_MS * 2,
        },
      );
      return result.code === 0
        ? undefined
        : result.stderr.trim().split('\n').at(-1) || `crictl exited ${result.code}`;
    }
  }
}

function probeHttp(url: string, bearerToken: string | undefined): Promise<string | undefined> {
  const secure = url.startsWith('https:');
  return new Promise((resolve) => {
    const request = (secure ? https : http).get(
      url,
      {
        timeout: PROBE_TIMEOUT_MS,
        headers: bearerToken ? { authorization: `Bearer ${bearerToken}` } : {},
        // Loopback endpoints of our own, most with self-signed certificates made at their start.
        ...(secure ? { rejectUnauthorized: false } : {}),
      },
      (response) => {
        response.resume();
        resolve(response.statusCode === 200 ? undefined : `HTTP ${response.statusCode}`);
      },
    );
    request.once('timeout', () => request.destroy(new Error('no answer')));
    request.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

function probeSocket(socketPath: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = net.connect(socketPath);
    const timer = setTimeout(() => socket.destroy(new Error('no answer')), PROBE_TIMEOUT_MS);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.end();
      resolve(undefined);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve(error.code ?? error.message);
    });
  });
}
