import { credentials } from '@grpc/grpc-js';
import t from 'tap';
import { ControllerClient } from '../../src/generated/containerd/services/sandbox/v1/sandbox.js';
import { nanosOfUnits, parseNanos } from '../../src/node/amounts.js';
import { get } from '../debug/helpers/event-stream.js';
import { startInProcessDaemon } from '../helpers/in-process-daemon.js';
import { Scrape } from '../helpers/prometheus-text.js';
import { controllerCalls, createRequest, podConfig } from '../helpers/requests.js';

const GiB = 2 ** 30;
const MiB = 2 ** 20;

/** The node series are the simulated node's (docs/node.md), and its admission decisions are counted. */
t.test('capacity and allocatable of the simulated node, and its admission decisions', async (t) => {
  const { daemon, socket } = await startInProcessDaemon(t, {
    metrics: { listen: '127.0.0.1:0', nodeName: 'node-x' },
    node: {
      capacity: new Map([
        ['cpu', nanosOfUnits(2)],
        ['memory', parseNanos('4Gi')],
        ['pods', nanosOfUnits(110)],
      ]),
      reserved: new Map([['cpu', parseNanos('500m')]]),
      admission: 'enforce',
    },
  });
  const url = daemon.metricsUrl;
  if (url === undefined) throw new Error('metrics are on, yet the daemon has no metrics url');
  const client = new ControllerClient(`unix:${socket}`, credentials.createInsecure());
  t.teardown(() => client.close());
  const api = controllerCalls(client);
  // kubelet's sandbox config for a pod whose containers request 1500m: 1536 cpu shares; allocatable is 1500m.
  const pod1500m = (name: string) => createRequest(name, podConfig({ cpuShares: 1536 }, name));
  await api.create(pod1500m('first'));
  await t.rejects(api.create(pod1500m('second')), { message: /OutOfcpu/ });

  const got = new Scrape((await get(url)).body);
  const node = { node: 'node-x' };
  t.equal(got.value('kube_node_status_capacity', { ...node, resource: 'cpu', unit: 'core' }), 2);
  t.equal(got.value('kube_node_status_capacity', { ...node, resource: 'pods', unit: 'integer' }), 110);
  t.equal(got.value('kube_node_status_allocatable', { ...node, resource: 'cpu', unit: 'core' }), 1.5);
  // kubelet's default hard eviction threshold memory.available<100Mi comes off allocatable memory.
  t.equal(
    got.value('kube_node_status_allocatable', { ...node, resource: 'memory', unit: 'byte' }),
    4 * GiB - 100 * MiB,
  );
  t.equal(got.value('resource_slot_admission_decisions_total', { decision: 'admitted', reason: '' }), 1);
  t.equal(
    got.value('resource_slot_admission_decisions_total', { decision: 'rejected', reason: 'OutOfcpu' }),
    1,
  );
});

t.test('warn: a pod past allocatable is counted as warned with its reason', async (t) => {
  const { daemon, socket } = await startInProcessDaemon(t, {
    metrics: { listen: '127.0.0.1:0', nodeName: 'node-y' },
    node: { capacity: new Map([['cpu', nanosOfUnits(1)]]), admission: 'warn' },
  });
  const client = new ControllerClient(`unix:${socket}`, credentials.createInsecure());
  t.teardown(() => client.close());
  await controllerCalls(client).create(createRequest('big', podConfig({ cpuShares: 2048 }, 'big')));
  const got = new Scrape((await get(daemon.metricsUrl ?? '')).body);
  t.equal(
    got.value('resource_slot_admission_decisions_total', { decision: 'warned', reason: 'OutOfcpu' }),
    1,
  );
  t.same(daemon.node.counts(), { admitted: 0, warned: 1, refused: 0, reasons: { OutOfcpu: 1 } });
});

t.test('without metrics there is no metrics server', async (t) => {
  const { daemon } = await startInProcessDaemon(t);
  t.equal(daemon.metricsUrl, undefined);
});
