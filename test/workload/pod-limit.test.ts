import t from 'tap';
import { podMemoryLimit } from '../../src/workload/index.js';

const Mi = 1024 * 1024;
const KUBELET = 'linux.resources.memory_limit_in_bytes';

t.test('no pod limit: none beyond the containers', async (t) => {
  t.equal(podMemoryLimit({ limitBytes: null, source: null, overheadBytes: 10 * Mi }, [64 * Mi, null]), null);
  t.equal(
    podMemoryLimit({ limitBytes: 0, source: KUBELET, overheadBytes: null }, [64 * Mi]),
    null,
    '0: none',
  );
});

t.test("kubelet's value: the pod's cgroup limit only when every container has one", async (t) => {
  const pod = { limitBytes: 96 * Mi, source: KUBELET, overheadBytes: null };
  t.equal(podMemoryLimit(pod, [64 * Mi, 32 * Mi]), 96 * Mi, 'every container limited');
  t.equal(podMemoryLimit(pod, [64 * Mi, null]), null, 'a partial sum beside an unlimited container');
  t.equal(podMemoryLimit({ ...pod, overheadBytes: 16 * Mi }, [64 * Mi, 32 * Mi]), 112 * Mi, 'plus overhead');
});

t.test('a limit the pod states otherwise holds whatever its containers declare', async (t) => {
  const annotated = {
    limitBytes: 64 * Mi,
    source: 'annotation:resources.limits.memory',
    overheadBytes: null,
  };
  t.equal(podMemoryLimit(annotated, [null, null]), 64 * Mi);
  const unified = {
    limitBytes: 64 * Mi,
    source: 'linux.resources.unified[memory.max]',
    overheadBytes: 8 * Mi,
  };
  t.equal(podMemoryLimit(unified, [null]), 72 * Mi);
});
