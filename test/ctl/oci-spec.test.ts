// Container config → OCI spec, as containerd's CRI plugin derives it; and the container config reader.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { LinuxContainerResources } from '../../src/generated/runtime/v1/api.js';
import type { Sandbox } from '../../src/generated/resourceslot/v1/inspect.js';
import { readContainerConfig } from '../../src/ctl/container-config.js';
import { CtlError } from '../../src/ctl/errors.js';
import { containerSpec, ociResources } from '../../src/ctl/oci-spec.js';
import { extractContainerResources } from '../../src/resources/index.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rs-ctl-spec-'));
t.teardown(() => fs.rmSync(tmp, { recursive: true, force: true }));
const write = (name: string, text: string): string => {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, text);
  return file;
};

t.test('ociResources: CRI values, 0 and empty meaning "not set"', async (t) => {
  t.strictSame(ociResources(undefined), { devices: [{ allow: false, access: 'rwm' }] });
  t.strictSame(ociResources(LinuxContainerResources.fromPartial({})), {
    devices: [{ allow: false, access: 'rwm' }],
  });
  const all = LinuxContainerResources.fromPartial({
    cpuShares: 1024,
    cpuQuota: -1,
    cpuPeriod: 100000,
    cpusetCpus: '2-3',
    cpusetMems: '0',
    memoryLimitInBytes: 1 << 30,
    memorySwapLimitInBytes: 2 << 30,
    hugepageLimits: [{ pageSize: '1GB', limit: 1 << 30 }],
    unified: { 'pids.max': '100' },
  });
  t.strictSame(ociResources(all), {
    devices: [{ allow: false, access: 'rwm' }],
    cpu: { shares: 1024, quota: -1, period: 100000, cpus: '2-3', mems: '0' },
    memory: { limit: 1 << 30, swap: 2 << 30 },
    hugepageLimits: [{ pageSize: '1GB', limit: 1 << 30 }],
    unified: { 'pids.max': '100' },
  });
});

t.test('the spec the daemon reads back gives the resources the config declares', async (t) => {
  const config = await readContainerConfig(
    write(
      'c.yaml',
      [
        'metadata: {name: app}',
        'image: {image: example/app:1}',
        'command: [/app]',
        'args: [--serve]',
        'envs: [{key: A, value: "1"}]',
        'linux:',
        '  resources: {cpu_shares: 256, cpu_quota: 50000, cpu_period: 100000, memory_limit_in_bytes: 1048576, oom_score_adj: -5}',
        '  security_context: {readonly_rootfs: true, run_as_user: {value: 1000}}',
      ].join('\n'),
    ),
  );
  const sandbox = {
    id: 'pod1',
    name: 'p',
    namespace: 'ns',
    uid: 'u',
    config: { hostname: 'h' },
  } as unknown as Sandbox;
  const spec = containerSpec(config, sandbox, 'c1');
  t.match(spec, {
    process: { args: ['/app', '--serve'], user: { uid: 1000 }, oomScoreAdj: -5 },
    root: { path: 'rootfs', readonly: true },
    hostname: 'h',
    linux: { cgroupsPath: 'c1' },
  });
  t.match(extractContainerResources({ spec }), {
    cpu_request: 0.25,
    cpu_limit: 0.5,
    memory_limit: 1048576,
    oom_score_adj: -5,
  });
});

t.test('readContainerConfig: camelCase keys and JSON are read too', async (t) => {
  const file = write(
    'c.json',
    JSON.stringify({
      metadata: { name: 'j', attempt: 2 },
      command: ['x'],
      workingDir: '/srv',
      linux: { resources: { cpuQuota: 1000, cpuPeriod: 10000 } },
    }),
  );
  const config = await readContainerConfig(file);
  t.match(config, {
    name: 'j',
    attempt: 2,
    workingDir: '/srv',
    resources: { cpuQuota: 1000, cpuPeriod: 10000 },
  });
});

t.test('readContainerConfig: wrongly typed fields are named', async (t) => {
  const cases: Array<[string, string]> = [
    ['metadata: {name: c}\ntty: "yes"\n', 'tty must be true or false'],
    ['metadata: {name: c}\nmounts: [3]\n', 'mounts[0] must be a mapping'],
    ['metadata: {name: c}\nmounts: [{container_path: 4}]\n', 'mounts[0].container_path must be a string'],
    ['metadata: {name: c, attempt: 1.5}\n', 'metadata.attempt must be an integer'],
    ['metadata: {name: c}\nlabels: [a]\n', 'labels must be a mapping of strings'],
    ['metadata: {name: c}\nlinux: 3\n', 'linux must be a mapping'],
  ];
  for (const [text, message] of cases) {
    const file = write('bad.yaml', text);
    await t.rejects(readContainerConfig(file), {
      constructor: CtlError,
      code: 'INVALID_ARGUMENT',
      message: `${file}: ${message}`,
    });
  }
});
