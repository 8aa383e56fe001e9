import t from 'tap';
import { parseOciResources } from '../../src/resources/oci.js';
import type { Layer } from '../../src/resources/types.js';
import { Mi, fixtureJson, invalidArgument } from './fixtures/index.js';

const FIELD = 'spec.linux.resources';
const parse = (json: unknown) => parseOciResources(json, FIELD, 'oci:linux.resources');
const values = (layer: Layer) =>
  Object.fromEntries(Object.entries(layer.scalars).map(([k, f]) => [k, f.value]));

t.test('`runc spec` default: only a device rule, so nothing is found', async (t) => {
  const spec = fixtureJson('oci-runc-spec-default.json') as { linux: { resources: unknown } };
  t.same(parse(spec.linux.resources), { scalars: {}, extras: {} });
  t.same(parse(undefined), { scalars: {}, extras: {} });
  t.same(parse(null), { scalars: {}, extras: {} });
});

t.test('what containerd CRI writes for a kubelet container', async (t) => {
  const layer = parse({
    devices: [{ allow: false, access: 'rwm' }],
    memory: { limit: 256 * Mi, swap: 256 * Mi },
    cpu: { shares: 512, quota: 100000, period: 100000, cpus: '0-1' },
    hugepageLimits: [{ pageSize: '2MB', limit: 0 }],
    unified: { 'memory.oom.group': '1' },
  });
  t.same(values(layer), { cpu_request: 0.5, cpu_limit: 1, memory_limit: 256 * Mi, swap: 256 * Mi });
  t.same(layer.scalars.cpu_limit, {
    value: 1,
    source: 'oci:linux.resources.cpu.quota',
    field: `${FIELD}.cpu.quota`,
  });
  t.equal(layer.scalars.cpu_request?.source, 'oci:linux.resources.cpu.shares');
  t.same(layer.extras.cpuset?.value, { cpus: '0-1', mems: null });
  t.same(layer.extras.hugepages?.value, [{ page_size: '2MB', limit: 0 }]);
  t.same(layer.extras.unified?.value, { 'memory.oom.group': '1' });
});

t.test('memory reservation, swap, pids, unlimited values', async (t) => {
  t.same(values(parse({ memory: { limit: 512 * Mi, reservation: 128 * Mi, swap: 1024 * Mi } })), {
    memory_limit: 512 * Mi,
    memory_request: 128 * Mi,
    swap: 1024 * Mi,
  });
  t.same(values(parse({ memory: { limit: -1, reservation: -1, swap: -1 }, cpu: { quota: -1 } })), {
    cpu_limit: null,
    memory_limit: null,
    memory_request: null,
    swap: null,
  });
  t.same(values(parse({ memory: { limit: 0 }, cpu: { quota: 0, shares: 0 } })), {}, '0 means not set');
  t.same(values(parse({ pids: { limit: 100 } })), { pid_limit: 100 }, 'plain int64 / *int64 form');
  t.same(values(parse({ pids: { limit: null } })), {}, 'null pointer');
  t.same(values(parse({ pids: {} })), {});
  t.same(values(parse({ pids: { limit: -1 } })), { pid_limit: null }, '-1 is unlimited');
  t.same(
    values(parse({ pids: { limit: 0 } })),
    {},
    '0 is treated as not set (ambiguous across spec versions)',
  );
  t.same(values(parse({ unified: { 'pids.max': '64', 'memory.max': '1048576' } })), {
    memory_limit: 1048576,
    pid_limit: 64,
  });
});

t.test('blockIO, network, rdma', async (t) => {
  const layer = parse({
    blockIO: {
      weight: 500,
      leafWeight: 300,
      weightDevice: [{ major: 8, minor: 0, weight: 600 }],
      throttleReadBpsDevice: [{ major: 8, minor: 0, rate: 10485760 }],
      throttleWriteIOPSDevice: [{ major: 8, minor: 16, rate: 300 }],
    },
    network: { classID: 1048577, priorities: [{ name: 'eth0', priority: 500 }] },
    rdma: { mlx5_1: { hcaHandles: 3, hcaObjects: 10000 }, mlx4_0: { hcaHandles: 1 } },
  });
  t.same(layer.extras.block_io?.value, {
    weight: 500,
    leaf_weight: 300,
    weight_device: [{ major: 8, minor: 0, weight: 600, leaf_weight: null }],
    throttle_read_bps_device: [{ major: 8, minor: 0, rate: 10485760 }],
    throttle_write_bps_device: [],
    throttle_read_iops_device: [],
    throttle_write_iops_device: [{ major: 8, minor: 16, rate: 300 }],
  });
  t.same(layer.extras.network?.value, { class_id: 1048577, priorities: [{ name: 'eth0', priority: 500 }] });
  t.same(layer.extras.rdma?.value, {
    mlx5_1: { hca_handles: 3, hca_objects: 10000 },
    mlx4_0: { hca_handles: 1, hca_objects: null },
  });
  t.equal(layer.extras.block_io?.source, 'oci:linux.resources.blockIO');
  t.same(parse({ blockIO: {}, network: {}, rdma: {} }).extras, {}, 'empty objects are not recorded');
});

t.test('bad shapes and values name the field', async (t) => {
  const cases: [unknown, string][] = [
    ['not an object', FIELD],
    [[], FIELD],
    [{ cpu: { quota: '100000' } }, `${FIELD}.cpu.quota`],
    [{ cpu: { quota: 50000 } }, `${FIELD}.cpu.quota`],
    [{ cpu: { quota: 50000, period: 0 } }, `${FIELD}.cpu.quota`],
    [{ cpu: { shares: -1 } }, `${FIELD}.cpu.shares`],
    [{ cpu: { shares: 1.5 } }, `${FIELD}.cpu.shares`],
    [{ cpu: { cpus: 3 } }, `${FIELD}.cpu.cpus`],
    [{ cpu: [] }, `${FIELD}.cpu`],
    [{ memory: 'big' }, `${FIELD}.memory`],
    [{ memory: { limit: true } }, `${FIELD}.memory.limit`],
    [{ memory: { disableOOMKiller: 'yes' } }, `${FIELD}.memory.disableOOMKiller`],
    [{ pids: { limit: '10' } }, `${FIELD}.pids.limit`],
    [{ hugepageLimits: {} }, `${FIELD}.hugepageLimits`],
    [{ hugepageLimits: [42] }, `${FIELD}.hugepageLimits[0]`],
    [{ hugepageLimits: [{ pageSize: '3MB', limit: 0 }] }, `${FIELD}.hugepageLimits[0].pageSize`],
    [{ hugepageLimits: [{ limit: 0 }] }, `${FIELD}.hugepageLimits[0].pageSize`],
    [{ blockIO: { weight: 70000 } }, `${FIELD}.blockIO.weight`],
    [
      { blockIO: { throttleReadBpsDevice: [{ major: 8, minor: 0, rate: -1 }] } },
      `${FIELD}.blockIO.throttleReadBpsDevice[0].rate`,
    ],
    [{ network: { classID: -1 } }, `${FIELD}.network.classID`],
    [{ network: { priorities: [{ name: 1, priority: 1 }] } }, `${FIELD}.network.priorities[0].name`],
    [{ rdma: { mlx: { hcaHandles: 'x' } } }, `${FIELD}.rdma["mlx"].hcaHandles`],
    [{ rdma: { mlx: 5 } }, `${FIELD}.rdma["mlx"]`],
    [{ unified: { 'memory.max': 1024 } }, `${FIELD}.unified["memory.max"]`],
    [{ unified: { 'memory.max': '1G' } }, `${FIELD}.unified["memory.max"]`],
    [{ devices: 'all' }, `${FIELD}.devices`],
  ];
  for (const [json, field] of cases) {
    t.equal(invalidArgument(() => parse(json)).field, field, JSON.stringify(json));
  }
  t.match(
    invalidArgument(() => parse({ cpu: { quota: '1' } })).message,
    /expected an integer \(int64\), got string "1"/,
  );
});
