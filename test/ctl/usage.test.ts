// `top` and `stats` end to end: the ctl (in process) against a live daemon (its own process, real clock), for a
// pod annotated resource-slot.io/usage-cpu: 250m and usage-memory: 64Mi.
//
// Tolerance: the CPU rate is the model's over the daemon's last second, read from the daemon's millisecond clock,
// so it is exact up to a millisecond of that second: 250m ± 1 % (CPU % 25.00 ± 0.25). Memory is exact: usage 64Mi,
// working set 64Mi minus the inactive file (5 % of the usage), which is what kubectl top (60Mi, whole Mi rounded
// down) and crictl stats (63.75MB) show.
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import t from 'tap';
import { startDaemon } from '../helpers/daemon.js';
import { ctl, ctlOk, tableRows } from './run-ctl.js';

const MiB = 2 ** 20;
const WORKING_SET = 64 * MiB - Math.floor((64 * MiB - Math.floor((64 * MiB * 9) / 10)) / 2);
const CPU_TOLERANCE = 0.01;

interface UsageDoc {
  cpu_cores: number;
  cpu_usage_usec: number;
  memory_working_set_bytes: number;
  memory_usage_bytes: number;
  memory_limit_bytes: number;
  pids: number;
}

const near = (value: number | undefined, expected: number) =>
  value !== undefined && Math.abs(value - expected) <= expected * CPU_TOLERANCE;

t.test('top and stats show the annotated usage next to requests and limits', async (t) => {
  const daemon = await startDaemon(t);
  const { socket, tmp } = daemon;
  const write = (name: string, lines: string[]) => {
    const file = path.join(tmp, name);
    fs.writeFileSync(file, lines.join('\n') + '\n');
    return file;
  };
  const podFile = write('pod.yaml', [
    'metadata: {name: busy, namespace: shop, uid: busy-1}',
    'annotations:',
    "  resource-slot.io/usage-cpu: '250m'",
    "  resource-slot.io/usage-memory: '64Mi'",
  ]);
  const container = (name: string, resources: string) =>
    write(`${name}.yaml`, [
      `metadata: {name: ${name}}`,
      'image: {image: docker.io/library/busybox:1.36}',
      'command: [sleep, infinity]',
      'annotations: {resources.requests.memory: 128Mi}',
      `linux: {resources: {${resources}}}`,
    ]);
  const pod = (await ctlOk(socket, ['runp', podFile])).trim();
  const app = (
    await ctlOk(socket, [
      'create',
      pod,
      container(
        'app',
        'cpu_period: 100000, cpu_quota: 100000, cpu_shares: 512, memory_limit_in_bytes: 268435456',
      ),
    ])
  ).trim();
  const idle = (await ctlOk(socket, ['create', pod, container('idle', 'cpu_shares: 102')])).trim();
  const done = (await ctlOk(socket, ['create', pod, container('done', 'cpu_shares: 102')])).trim();
  await ctlOk(socket, ['start', app, done]);
  await ctlOk(socket, ['stop', '-t', '0', done]);
  // A full CPU window (1 s) since the start, so the rate is over a whole second.
  await sleep(1100);

  t.test('top -o json: the exact numbers, a pod adding up its live containers', async (t) => {
    const document = JSON.parse(await ctlOk(socket, ['top', '-o', 'json'])) as {
      cpuWindowMillis: number;
      pods: Array<{
        id: string;
        usage: UsageDoc;
        containers: Array<{ id: string; name: string; usage: UsageDoc; cpu_request: number | null }>;
      }>;
    };
    t.equal(document.cpuWindowMillis, 1000);
    const busy = document.pods.find((candidate) => candidate.id === pod);
    const byName = new Map(busy?.containers.map((entry) => [entry.name, entry]));
    t.strictSame([...byName.keys()], ['app', 'idle'], 'the live containers, not the stopped one');
    const appUsage = byName.get('app')?.usage;
    t.ok(near(appUsage?.cpu_cores, 0.25), `app CPU ${appUsage?.cpu_cores} cores ≈ 0.25`);
    t.equal(appUsage?.memory_usage_bytes, 64 * MiB, 'memory usage is the annotated 64Mi');
    t.equal(appUsage?.memory_working_set_bytes, WORKING_SET, 'working set: usage minus inactive file');
    t.equal(appUsage?.memory_limit_bytes, 256 * MiB, "the container's memory limit");
    t.equal(byName.get('app')?.cpu_request, 0.5, 'the request sits next to the usage');
    t.equal(byName.get('idle')?.usage.cpu_cores, 0, 'a created container uses no CPU yet');
    t.equal(busy?.usage.memory_usage_bytes, 128 * MiB, 'the pod adds up app and idle (not the stopped one)');
    t.ok(near(busy?.usage.cpu_cores, 0.25), 'the pod CPU is its one running container');
  });

  t.test('top: kubectl top columns with requests and limits, a pod row then its containers', async (t) => {
    const rows = tableRows(await ctlOk(socket, ['top', '--pod', pod.slice(0, 8)]));
    t.strictSame(rows[0], [
      'POD ID',
      'POD',
      'CONTAINER',
      'CPU(cores)',
      'CPU REQ',
      'CPU LIM',
      'MEMORY(bytes)',
      'MEM REQ',
      'MEM LIM',
    ]);
    const [podRow, appRow, idleRow] = rows.slice(1);
    t.equal(rows.length, 4, 'the pod and its two live containers');
    t.strictSame(podRow?.slice(0, 3), [pod.slice(0, 13), 'busy', '*']);
    t.strictSame(appRow?.slice(2), ['app', appRow?.[3] ?? '', '500m', '1', '60Mi', '128Mi', '256Mi']);
    t.match(appRow?.[3], /^(24[89]|25[0-2])m$/, `app CPU(cores) ${appRow?.[3]} is 250m within 1 %`);
    t.strictSame(idleRow?.slice(2), ['idle', '0m', '100m', '-', '60Mi', '128Mi', '-']);
    t.strictSame(podRow?.[6], '121Mi', 'the pod row adds its containers up');
    t.strictSame(podRow?.slice(7), ['384Mi', '256Mi'], 'and shows the pod totals');
  });

  t.test('stats: crictl columns, running containers only unless -a', async (t) => {
    const rows = tableRows(await ctlOk(socket, ['stats']));
    t.strictSame(rows[0], ['CONTAINER', 'NAME', 'CPU %', 'MEM', 'DISK', 'INODES']);
    t.equal(rows.length, 2, 'only the running container');
    const [id, name, cpu, mem, disk, inodes] = rows[1] ?? [];
    t.strictSame([id, name, mem, disk, inodes], [app.slice(0, 13), 'app', '63.75MB', '0B', '0']);
    t.ok(near(Number(cpu), 25), `CPU % ${cpu} is 25.00 within 1 %`);

    const all = tableRows(await ctlOk(socket, ['stats', '-a']));
    t.strictSame(
      all.slice(1).map((row) => row[0]),
      [app, idle, done].map((id) => id.slice(0, 13)).sort(),
      '-a: every container, sorted by id as crictl sorts',
    );
    t.equal(all.find((row) => row[1] === 'done')?.[2], '0.00', 'a stopped container: CPU % 0.00');

    const one = JSON.parse(await ctlOk(socket, ['stats', '-a', idle.slice(0, 10), '-o', 'json'])) as {
      items: Array<{ id: string; state: string; usage: UsageDoc }>;
    };
    t.strictSame(
      one.items.map((item) => [item.id, item.state]),
      [[idle, 'created']],
      'one container by id prefix',
    );
    t.equal(
      (await ctlOk(socket, ['stats', '--pod', pod, '--id', idle])).trim().split('\n').length,
      1,
      'header only: idle is not running',
    );
  });

  t.test('usage errors', async (t) => {
    const bad = await ctl(socket, ['top', '--sort-by', 'disk']);
    t.equal(bad.code, 2);
    t.match(bad.stderr, /--sort-by must be cpu or memory/);
    const unknown = await ctl(socket, ['stats', 'ffff']);
    t.equal(unknown.code, 1);
    t.match(unknown.stderr, /NOT_FOUND/);
  });
});
