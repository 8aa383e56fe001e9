import t from 'tap';
import { limitsOf, requestsOf, sanitizedResourceName, unitOf } from '../../src/metrics/resource-amounts.js';
import type { ResourceInfo } from '../../src/resources/types.js';

const info = (values: Partial<ResourceInfo>): ResourceInfo => values as ResourceInfo;

t.test('requests and limits as kube-state-metrics names them, nothing for what is unset', async (t) => {
  const full = info({
    cpu_request: 0.25,
    memory_request: 1024,
    cpu_limit: 0.5,
    memory_limit: 2048,
    storage_limit: 4096,
    pid_limit: 100,
  });
  t.same(requestsOf(full), [
    { resource: 'cpu', unit: 'core', value: 0.25 },
    { resource: 'memory', unit: 'byte', value: 1024 },
  ]);
  t.same(limitsOf(full), [
    { resource: 'cpu', unit: 'core', value: 0.5 },
    { resource: 'memory', unit: 'byte', value: 2048 },
    { resource: 'ephemeral_storage', unit: 'byte', value: 4096 },
  ]);
  const unset = info({ cpu_request: null, memory_request: null, cpu_limit: null, memory_limit: null });
  t.same(requestsOf(unset), []);
  t.same(limitsOf(unset), []);
  t.same(
    requestsOf(info({ cpu_request: 0 })),
    [{ resource: 'cpu', unit: 'core', value: 0 }],
    'an explicit 0 is set',
  );
});

t.test('resource names and units', async (t) => {
  t.equal(sanitizedResourceName('ephemeral-storage'), 'ephemeral_storage');
  t.equal(sanitizedResourceName('nvidia.com/gpu'), 'nvidia_com_gpu');
  t.equal(sanitizedResourceName('hugepages-2Mi'), 'hugepages_2Mi');
  t.equal(unitOf('cpu'), 'core');
  t.equal(unitOf('memory'), 'byte');
  t.equal(unitOf('ephemeral_storage'), 'byte');
  t.equal(unitOf('hugepages_2Mi'), 'byte');
  t.equal(unitOf('pods'), 'integer');
  t.equal(unitOf('nvidia_com_gpu'), 'integer');
});
