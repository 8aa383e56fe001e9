/**
 * `GET /api/history[?since=<epoch ms>]`: the usage history as the page draws it (src/history/history-view.ts:
 * pass times, each live pod's series with its name, namespace and state, the node's totals and allocatable).
 */
import type { Registries } from '../../machines/registries.js';
import { historyView } from '../history/history-view.js';
import type { UsageHistory } from '../history/usage-history.js';

export interface HistoryAnswer {
  status: number;
  body: string;
}

export function historyAnswer(
  history: UsageHistory | undefined,
  registries: Registries,
  query: URLSearchParams,
): HistoryAnswer {
  if (!history)
    return { status: 404, body: 'the daemon keeps no usage history: it runs with --history-length 0\n' };
  const since = query.get('since');
  if (since !== null && !/^[0-9]+(\.[0-9]+)?$/.test(since))
    return {
      status: 400,
      body: `since must be a time in epoch milliseconds, got ${JSON.stringify(since)}\n`,
    };
  const view = historyView(history, registries, {
    sandboxId: '',
    containerId: '',
    containers: false,
    sinceMs: since === null ? null : Number(since),
  });
  return { status: 200, body: JSON.stringify(view) };
}
