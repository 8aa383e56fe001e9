/**
 * ResourceSlot driven by a real containerd 2.2.9 through crictl 1.34.0: pods, containers, exec, update, stats,
 * teardown and a rejected pod. Each step checks what crictl reports and what the daemon recorded under --dir.
 */
import fs from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { readJson, sandboxDirs } from '../helpers/daemon.js';
import { RUNTIME_HANDLER } from './containerd-config.js';
import {
  containerConfig,
  podConfig,
  type ContainersOutput,
  type InspectOutput,
  type InspectpOutput,
  type PodsOutput,
  type StatsOutput,
} from './cri-configs.js';
import { startStack } from './stack.js';
import { withTools } from './tools.js';

interface Recorded {
  state: string;
  cpu_limit: number | null;
  cpu_request: number | null;
  memory_limit: number | null;
  memory_request: number | null;
  network_bandwidth: { ingress: number | null; egress: number | null } | null;
  containers: { container_id: string; state: string }[];
}

interface ContainerFile {
  id: string;
  sandbox_id: string;
  state: string;
  resources: { cpu_limit: number | null; cpu_request: number | null; memory_limit: number | null };
  execs: { id: string; state: string }[];
}

const MiB = 1024 * 1024;

withTools(t, 'crictl drives ResourceSlot through a real containerd', (tools) => {
  t.test('crictl drives ResourceSlot through a real containerd', async (t) => {
    const stack = await startStack(t, tools);
    const resourcesOf = (pod: string) => readJson(path.join(stack.dir, pod, 'resources.json')) as Recorded;
    const containerFile = (pod: string, id: string) => path.join(stack.dir, pod, 'containers', `${id}.json`);
    const pods = async () => (await stack.crictlJson<PodsOutput>('pods', '-o', 'json')).items;
    const containers = async () =>
      (await stack.crictlJson<ContainersOutput>('ps', '-a', '-o', 'json')).containers;

    const podFile = stack.writeJson(
      'pod.json',
      podConfig(
        stack.tmp,
        'slot-1',
        { cpu_period: 100_000, cpu_quota: 50_000, cpu_shares: 512, memory_limit_in_bytes: 256 * MiB },
        {
          'resources.requests.memory': '128Mi',
          'kubernetes.io/egress-bandwidth': '10M',
          'resource-slot.io/usage-cpu': '200m',
          'resource-slot.io/usage-memory': '48Mi',
        },
      ),
    );
    let pod = '';
    const ids: string[] = [];

    await t.test('runp: the pod is Ready, inspectp works, resources are recorded', async (t) => {
      pod = (await stack.crictlOk('runp', '--runtime', RUNTIME_HANDLER, podFile)).trim();
      t.match(pod, /^[0-9a-f]{64}$/, 'crictl prints the new pod id');
      const listed = await pods();
      t.same(
        listed.map((p) => [p.id, p.state, p.runtimeHandler, p.metadata.name]),
        [[pod, 'SANDBOX_READY', RUNTIME_HANDLER, 'slot-1']],
        'crictl pods: one Ready pod on our runtime',
      );
      const inspected = await stack.crictlJson<InspectpOutput>('inspectp', '-o', 'json', pod);
      t.equal(inspected.status.state, 'SANDBOX_READY');
      t.match(
        inspected.info,
        { state: 'running', sandboxer: 'resource-slot', resources: { cpu_limit: 0.5 } },
        'the verbose info is our JSON document, parsed by containerd and crictl',
      );
      t.same(sandboxDirs(stack.dir), [pod], 'one sandbox dir under --dir');
      t.match(resourcesOf(pod), {
        state: 'running',
        cpu_limit: 0.5, // cpu_quota / cpu_period
        cpu_request: 0.5, // cpu_shares / 1024
        memory_limit: 256 * MiB,
        memory_request: 128 * MiB, // annotation
        network_bandwidth: { egress: 10_000_000 },
      });
    });

    await t.test('create + start two containers: Running, with their OCI resources', async (t) => {
      const specs = [
        { name: 'app', cpu_quota: 25_000, cpu_shares: 256, memory: 128 * MiB },
        { name: 'sidecar', cpu_quota: 20_000, cpu_shares: 128, memory: 64 * MiB },
      ];
      for (const spec of specs) {
        const file = stack.writeJson(
          `${spec.name}.json`,
          containerConfig(spec.name, {
            cpu_period: 100_000,
            cpu_quota: spec.cpu_quota,
            cpu_shares: spec.cpu_shares,
            memory_limit_in_bytes: spec.memory,
          }),
        );
        const id = (await stack.crictlOk('create', pod, file, podFile)).trim();
        t.match(id, /^[0-9a-f]{64}$/, `${spec.name} created`);
        await stack.crictlOk('start', id);
        ids.push(id);
      }
      t.same(
        (await containers()).map((c) => [c.id, c.podSandboxId, c.state]),
        ids.map((id) => [id, pod, 'CONTAINER_RUNNING']).reverse(), // crictl lists newest first
        'crictl ps: both Running in the pod',
      );
      specs.forEach((spec, i) => {
        const file = readJson(containerFile(pod, ids[i] ?? '')) as ContainerFile;
        t.match(
          file,
          {
            sandbox_id: pod,
            state: 'running',
            resources: {
              cpu_limit: spec.cpu_quota / 100_000,
              cpu_request: spec.cpu_shares / 1024,
              memory_limit: spec.memory,
            },
          },
          `${spec.name}: the container file carries its OCI resources`,
        );
      });
      t.same(
        resourcesOf(pod)
          .containers.map((c) => [c.container_id, c.state])
          .sort(),
        ids.map((id) => [id, 'running']).sort(),
        'resources.json lists both containers',
      );
    });

    await t.test('stats: crictl shows the usage the pod annotations ask for', async (t) => {
      const sample = async () => (await stack.crictlJson<StatsOutput>('stats', '-o', 'json')).stats;
      const first = await sample();
      t.same(first.map((s) => s.attributes.id).sort(), [...ids].sort(), 'crictl stats lists both containers');
      for (const stats of first) {
        const usage = Number(stats.memory?.usageBytes?.value);
        const workingSet = Number(stats.memory?.workingSetBytes?.value);
        t.equal(usage, 48 * MiB, 'memory: the annotated 48Mi');
        t.ok(workingSet > 0 && workingSet <= usage, `working set ${workingSet} within the usage`);
      }
      const cpuOf = (stats: typeof first) =>
        stats.map((s) => Number(s.cpu?.usageCoreNanoSeconds?.value)).reduce((a, b) => a + b, 0);
      const before = cpuOf(first);
      const from = Date.now();
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const grown = cpuOf(await sample()) - before;
      const expected = 2 * 0.2 * (Date.now() - from) * 1e6; // two containers at 200m, in nanoseconds
      t.ok(grown > expected * 0.5 && grown < expected * 1.5, `CPU grew ${grown} ns, about ${expected}`);
      t.notMatch(stack.containerdLog(), /collecting metrics for/, 'containerd logs no stats failure');
      const rows = (await stack.crictlOk('stats')).split('\n').filter((line) => /^[0-9a-f]{13}\s/.test(line));
      t.equal(
        rows.length,
        ids.length,
        'the table (no -a) shows every running container: each has a CPU sample',
      );
    });

    await t.test('exec: exit code 0, and it returns', async (t) => {
      const [app] = ids;
      const streamed = await stack.crictl('exec', app ?? '', '/bin/true');
      t.equal(streamed.code, 0, `crictl exec returns 0 ${streamed.stderr}`);
      const synced = await stack.crictl('exec', '--sync', app ?? '', '/bin/true');
      t.equal(synced.code, 0, `crictl exec --sync returns 0 ${synced.stderr}`);
      const file = readJson(containerFile(pod, app ?? '')) as ContainerFile;
      t.same(file.execs, [], 'containerd deleted both exec processes afterwards');
    });

    await t.test('update --memory changes the recorded limit', async (t) => {
      const [app] = ids;
      await stack.crictlOk('update', '--memory', String(96 * MiB), app ?? '');
      const file = readJson(containerFile(pod, app ?? '')) as ContainerFile;
      t.equal(file.resources.memory_limit, 96 * MiB, 'our container file has the new limit');
      t.equal(file.resources.cpu_limit, 0.25, 'the rest of the resources are unchanged');
      const inspected = await stack.crictlJson<InspectOutput>('inspect', '-o', 'json', app ?? '');
      t.equal(Number(inspected.status.resources?.linux?.memoryLimitInBytes), 96 * MiB, 'crictl agrees');
    });

    await t.test('stop + rm the containers, then stopp + rmp: gone everywhere', async (t) => {
      await stack.crictlOk('stop', ...ids);
      t.same(
        (await containers()).map((c) => c.state),
        ['CONTAINER_EXITED', 'CONTAINER_EXITED'],
        'crictl ps -a: both Exited',
      );
      // containerd deletes an exited task at once (its exit handler), and keeps only its container record.
      for (const id of ids)
        t.notOk(fs.existsSync(containerFile(pod, id)), 'the task is deleted in ResourceSlot');
      t.same(resourcesOf(pod).containers, [], 'resources.json lists no container');
      await stack.crictlOk('rm', ...ids);
      t.same(await containers(), [], 'crictl ps -a: none left');
      await stack.crictlOk('stopp', pod);
      t.same(
        (await pods()).map((p) => p.state),
        ['SANDBOX_NOTREADY'],
        'crictl pods: NotReady after stopp',
      );
      t.equal(resourcesOf(pod).state, 'stopped', 'resources.json records the stop');
      await stack.crictlOk('rmp', pod);
      t.same(await pods(), [], 'crictl pods: none left');
      t.same(sandboxDirs(stack.dir), [], 'no sandbox dir left under --dir');
      const sandboxes = await stack.ctr('sandboxes', 'ls');
      t.notMatch(sandboxes.stdout, pod, "containerd's sandbox store no longer has it");
    });

    await t.test('a runp our daemon rejects leaves nothing behind', async (t) => {
      const podsBefore = await pods();
      const dirsBefore = sandboxDirs(stack.dir);
      const storeBefore = (await stack.ctr('sandboxes', 'ls')).stdout;
      const bad = stack.writeJson(
        'bad-pod.json',
        podConfig(
          stack.tmp,
          'bad-1',
          { cpu_period: 100_000, cpu_quota: 50_000 },
          { 'resources.limits.cpu': '1K' },
        ),
      );
      const result = await stack.crictl('runp', '--runtime', RUNTIME_HANDLER, bad);
      t.not(result.code, 0, 'crictl runp fails');
      t.match(result.stderr, /code = InvalidArgument/, "containerd passes our daemon's code on");
      t.match(
        result.stderr,
        /annotations\[\\?"resources\.limits\.cpu\\?"\]: invalid quantity \\?"1K\\?"/,
        'the error names the annotation and the value',
      );
      t.same(await pods(), podsBefore, 'crictl pods: no new pod');
      t.same(sandboxDirs(stack.dir), dirsBefore, 'nothing new under --dir');
      t.equal(
        (await stack.ctr('sandboxes', 'ls')).stdout,
        storeBefore,
        "containerd's sandbox store: unchanged",
      );
    });
  });
});
