/**
 * The kubelet figure's pod tracker when the apiserver closes its watch, as a loaded apiserver does with a watcher
 * that does not keep up: it lists what it missed and watches on from the list's resourceVersion.
 */
import t from 'tap';
import type { ApiClient, WatchEvent } from './kubelet/api.js';
import { trackPods } from './kubelet/pod-tracker.js';

interface Pod {
  metadata: { name: string };
  spec?: { nodeName?: string };
  status?: { phase?: string; conditions?: { type: string; status: string }[] };
}

const pending = (name: string): Pod => ({ metadata: { name }, status: { phase: 'Pending' } });
const ready = (name: string): Pod => ({
  metadata: { name },
  spec: { nodeName: 'node-1' },
  status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
});

/** A scripted apiserver: every watch is recorded with its path; the test feeds and ends them. */
function fakeApi(list: { resourceVersion: string; items: Pod[] }) {
  const watches: {
    path: string;
    emit: (event: WatchEvent<Pod>) => void;
    end: () => void;
    stopped: boolean;
  }[] = [];
  const requests: string[] = [];
  const api: ApiClient = {
    request: <T>(method: string, apiPath: string) => {
      requests.push(`${method} ${apiPath}`);
      return Promise.resolve({ metadata: { resourceVersion: list.resourceVersion }, items: list.items } as T);
    },
    watch: <T>(
      apiPath: string,
      onEvent: (event: WatchEvent<T>, receivedAt: number) => void,
      onEnd?: () => void,
    ) => {
      const watch = {
        path: apiPath,
        emit: (event: WatchEvent<Pod>) => onEvent(event as unknown as WatchEvent<T>, performance.now()),
        end: () => onEnd?.(),
        stopped: false,
      };
      watches.push(watch);
      return Promise.resolve(() => (watch.stopped = true));
    },
  };
  return { api, watches, requests };
}

t.test('a watch the apiserver closes is listed and started again from the list', async (t) => {
  const list = { resourceVersion: '42', items: [ready('a'), ready('b'), pending('c')] };
  const { api, watches, requests } = fakeApi(list);
  const tracker = await trackPods(api, 'default');
  t.teardown(() => tracker.stop());
  const since = performance.now();
  t.same(
    watches.map((watch) => watch.path),
    ['/api/v1/namespaces/default/pods'],
  );
  watches[0]?.emit({ type: 'ADDED', object: pending('a') });
  watches[0]?.emit({ type: 'ADDED', object: pending('b') });
  watches[0]?.emit({ type: 'MODIFIED', object: ready('a') });
  watches[0]?.end(); // b became Ready, and c was created, while no watch ran
  const waiting = tracker.waitRunning(since, 2, { timeoutSeconds: 10, stallSeconds: 10 });
  await waiting;
  t.same(requests, ['GET /api/v1/namespaces/default/pods'], 'listed once');
  t.same(
    watches.map((watch) => watch.path),
    ['/api/v1/namespaces/default/pods', '/api/v1/namespaces/default/pods?resourceVersion=42'],
    'watching on from the list',
  );
  t.equal(tracker.rewatches(), 1);
  const seen = new Map(tracker.seenSince(since));
  t.same([...seen.keys()].sort(), ['a', 'b', 'c']);
  t.equal(seen.get('c')?.phase, 'Pending');
  t.equal(seen.get('b')?.node, 'node-1');
  watches[1]?.emit({ type: 'MODIFIED', object: ready('c') });
  t.ok(new Map(tracker.seenSince(since)).get('c')?.runningAt, 'the new watch is followed');
});

t.test('a stopped tracker does not watch again', async (t) => {
  const { api, watches, requests } = fakeApi({ resourceVersion: '1', items: [] });
  const tracker = await trackPods(api, 'default');
  tracker.stop();
  t.ok(watches[0]?.stopped, 'its watch ended');
  watches[0]?.end();
  await new Promise((resolve) => setTimeout(resolve, 400));
  t.same(requests, []);
  t.equal(watches.length, 1);
});
