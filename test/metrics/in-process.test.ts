import t from 'tap';
import { get } from '../debug/helpers/event-stream.js';
import { startInProcessDaemon } from '../helpers/in-process-daemon.js';
import { Scrape } from '../helpers/prometheus-text.js';

/** What DaemonConfig.metrics takes that the command line does not: the node capacity source; and the decisions. */
t.test('a capacity source of the caller, and admission decisions recorded on the daemon', async (t) => {
  const capacity = {
    capacity: () => ({ cpu: 64, memory: 256 * 2 ** 30, pods: 110 }),
    allocatable: () => ({ cpu: 62, memory: 250 * 2 ** 30, pods: 110 }),
  };
  const { daemon } = await startInProcessDaemon(t, {
    metrics: { listen: '127.0.0.1:0', nodeName: 'node-x', capacity },
  });
  const url = daemon.metricsUrl;
  if (url === undefined) throw new Error('metrics are on, yet the daemon has no metrics url');
  daemon.admissionDecisions.record('rejected', 'OutOfpods');
  daemon.admissionDecisions.record('admitted', '');
  daemon.admissionDecisions.record('admitted', '');
  const got = new Scrape((await get(url)).body);
  t.same(got.samples('kube_node_status_capacity'), [
    { labels: { node: 'node-x', resource: 'cpu', unit: 'core' }, value: 64 },
    { labels: { node: 'node-x', resource: 'memory', unit: 'byte' }, value: 256 * 2 ** 30 },
    { labels: { node: 'node-x', resource: 'pods', unit: 'integer' }, value: 110 },
  ]);
  t.equal(got.value('kube_node_status_allocatable', { node: 'node-x', resource: 'cpu', unit: 'core' }), 62);
  t.equal(
    got.value('resource_slot_admission_decisions_total', { decision: 'rejected', reason: 'OutOfpods' }),
    1,
  );
  t.equal(got.value('resource_slot_admission_decisions_total', { decision: 'admitted', reason: '' }), 2);
});

t.test('without metrics there is no metrics server, and decisions are still taken', async (t) => {
  const { daemon } = await startInProcessDaemon(t);
  t.equal(daemon.metricsUrl, undefined);
  daemon.admissionDecisions.record('rejected', 'OutOfcpu');
  t.same(daemon.admissionDecisions.entries(), [{ decision: 'rejected', reason: 'OutOfcpu', count: 1 }]);
});
