/**
 * The apiserver of a bench cluster, spoken to directly over HTTPS as its admin: creating 30 pods "in parallel" must
 * be 30 requests in flight, not 30 kubectl processes starting on a 2-core machine, and a watch tells when each pod
 * changed to the millisecond (the API's timestamps have whole seconds).
 */
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { apiserverUrl } from '../../../src/cluster/kube-apiserver.js';
import type { ClusterState } from '../../../src/cluster/state.js';

export interface WatchEvent<T> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: T;
}

export interface ApiClient {
  /** The parsed answer; an Error naming the request and the status for anything but 2xx. */
  request<T>(method: string, apiPath: string, body?: object, contentType?: string): Promise<T>;
  /**
   * Calls `onEvent` for every event of a watch on `apiPath` (`receivedAt` from performance.now()); resolves once the
   * apiserver answered, with the function that ends the watch. `onEnd` is called once if the watch ends otherwise
   * (the apiserver closed it, or the connection broke).
   */
  watch<T>(
    apiPath: string,
    onEvent: (event: WatchEvent<T>, receivedAt: number) => void,
    onEnd?: () => void,
  ): Promise<() => void>;
}

export function apiClient(state: ClusterState): ApiClient {
  const base = apiserverUrl();
  const agent = new https.Agent({
    ca: fs.readFileSync(path.join(state.dir, 'pki', 'ca.crt')),
    keepAlive: true,
    maxSockets: 64,
  });
  const headers = { Authorization: `Bearer ${state.apiserver}`, 'Content-Type': 'application/json' };
  return {
    request: <T>(method: string, apiPath: string, body?: object, contentType = 'application/json') =>
      new Promise<T>((resolve, reject) => {
        const options = { method, agent, headers: { ...headers, 'Content-Type': contentType } };
        const request = https.request(`${base}${apiPath}`, options, (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (text += chunk));
          response.on('end', () => {
            const status = response.statusCode ?? 0;
            if (status >= 200 && status < 300) resolve(JSON.parse(text) as T);
            else reject(new Error(`${method} ${apiPath}: ${status} ${text.slice(0, 300)}`));
          });
        });
        request.setTimeout(60_000, () =>
          request.destroy(new Error(`${method} ${apiPath}: no answer in 60 s`)),
        );
        request.on('error', reject);
        request.end(body === undefined ? undefined : JSON.stringify(body));
      }),
    watch: <T>(
      apiPath: string,
      onEvent: (event: WatchEvent<T>, receivedAt: number) => void,
      onEnd?: () => void,
    ) =>
      new Promise<() => void>((resolve, reject) => {
        let ended = false;
        const end = () => {
          if (ended) return;
          ended = true;
          onEnd?.();
        };
        const separator = apiPath.includes('?') ? '&' : '?';
        // Its own connection: a watch holds it for as long as it runs.
        const request = https.request(`${base}${apiPath}${separator}watch=true`, {
          ca: fs.readFileSync(path.join(state.dir, 'pki', 'ca.crt')),
          headers,
        });
        request.on('response', (response) => {
          if (response.statusCode !== 200) {
            reject(new Error(`watch ${apiPath}: ${response.statusCode}`));
            return;
          }
          resolve(() => {
            ended = true;
            request.destroy();
          });
          response.once('end', end);
          response.once('error', end);
          let pending = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => {
            const receivedAt = performance.now();
            pending += chunk;
            for (let end = pending.indexOf('\n'); end >= 0; end = pending.indexOf('\n')) {
              const line = pending.slice(0, end);
              pending = pending.slice(end + 1);
              if (line.trim() !== '') onEvent(JSON.parse(line) as WatchEvent<T>, receivedAt);
            }
          });
        });
        // Before the answer an error fails the watch; after it, the watch ended.
        request.on('error', (error) => {
          reject(error);
          end();
        });
        request.end();
      }),
  };
}
