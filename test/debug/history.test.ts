// The debug server's /api/history, its `history` event, and the pod names /api/actors carries for the page.
import t from 'tap';
import { pino } from 'pino';
import { CallLog } from '../../src/calls/call-log.js';
import { DebugServer } from '../../src/debug/server.js';
import type { ActorsSnapshot } from '../../src/debug/live-view.js';
import { HistorySampler } from '../../src/history/history-sampler.js';
import type { HistoryView } from '../../src/history/history-view.js';
import { UsageHistory } from '../../src/history/usage-history.js';
import { TransitionFeed } from '../../src/inspect/feed.js';
import { UsageSampler } from '../../src/workload/sampler.js';
import { memorySupervisor } from '../helpers/memory-supervisor.js';
import { get, openEventStream } from './helpers/event-stream.js';

const T0 = 1_700_000_000_000;

async function setup(t: { teardown(fn: () => unknown): void }, keepHistory = true) {
  let clock = T0;
  const pods = memorySupervisor(() => clock);
  t.teardown(() => pods.stop());
  const { registries } = pods;
  const history = new UsageHistory(
    { resolutionMs: 10_000, length: 3 },
    { pods: 10, cpu: 2000, memory: 2 ** 32 },
  );
  const sampler = new HistorySampler({
    history,
    registries,
    usage: new UsageSampler(() => clock, 2 ** 33),
    yieldToLoop: async () => undefined,
  });
  const server = await DebugServer.start({
    listen: '127.0.0.1:0',
    feed: new TransitionFeed({ source: (observer) => registries.entities.inspect(observer) }),
    registries,
    calls: new CallLog(),
    log: pino({ level: 'silent' }),
    ...(keepHistory ? { history } : {}),
  });
  t.teardown(() => server.close());
  return {
    pods,
    pass: async (at: number) => {
      clock = at;
      await sampler.sampleNow();
    },
    url: (path: string) => new URL(path, server.url).href,
  };
}

t.test(
  '/api/history: the pods by name with their series, the node, since; a history event per pass',
  async (t) => {
    const { pods, pass, url } = await setup(t);
    await pods.runPod({
      sandboxId: 'sb-web',
      name: 'web',
      namespace: 'shop',
      annotations: { 'resource-slot.io/usage-cpu': '250m', 'resource-slot.io/usage-memory': '64Mi' },
    });
    await pods.createContainer({ containerId: 'c-app', sandboxId: 'sb-web', name: 'app' });
    await pods.startContainer('c-app');
    const events = await openEventStream(url('/api/events'));
    t.teardown(() => events.close());
    await pass(T0 + 10_000);
    const event = await events.next((message) => message.event === 'history');
    t.strictSame(JSON.parse(event.data), { atMs: T0 + 10_000 }, "the event carries only the pass's time");
    await pass(T0 + 20_000);

    const answer = await get(url('/api/history'));
    t.equal(answer.type, 'application/json');
    const view = JSON.parse(answer.body) as HistoryView;
    t.strictSame(view.timesMs, [T0 + 10_000, T0 + 20_000]);
    t.strictSame(
      view.pods.map((pod) => [pod.namespace, pod.name, pod.state, pod.usage.cpuMillicores]),
      [['shop', 'web', 'running', [250, 250]]],
    );
    t.strictSame(view.allocatable, { pods: 10, cpu: 2000, memory: 2 ** 32 });
    t.strictSame(view.node.pods, [1, 1]);

    const later = JSON.parse((await get(url(`/api/history?since=${T0 + 10_000}`))).body) as HistoryView;
    t.strictSame(later.timesMs, [T0 + 20_000], 'since: the passes after it');
    t.strictSame(later.pods[0]?.usage, {
      first: 0,
      cpuMillicores: [250],
      memoryWorkingSetBytes: [view.pods[0]?.usage.memoryWorkingSetBytes[1]],
    });
    const bad = await get(url('/api/history?since=yesterday'));
    t.equal(bad.status, 400);
    t.match(bad.body, /since must be a time in epoch milliseconds, got "yesterday"/);

    const actors = JSON.parse((await get(url('/api/actors'))).body) as ActorsSnapshot;
    t.strictSame(
      actors.actors.map(({ id, pod, name }) => [id, pod, name]),
      [
        ['sb-web', 'shop/web', ''],
        ['c-app', 'shop/web', 'app'],
      ],
      "each actor with its pod's namespace/name and a container's name",
    );
  },
);

t.test('/api/history without a history: 404 saying so', async (t) => {
  const { url } = await setup(t, false);
  const answer = await get(url('/api/history'));
  t.equal(answer.status, 404);
  t.match(answer.body, /--history-length 0/);
});
