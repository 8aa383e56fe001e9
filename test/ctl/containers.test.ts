// create, start, ps, inspect, stop and rm end to end: the ctl (in process) against a live daemon.
import fs from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { readJson, startDaemon } from '../helpers/daemon.js';
import { cellStarts, ctl, ctlOk, tableRows } from './run-ctl.js';

const EXAMPLES = path.resolve(import.meta.dirname, '../../docs/examples');

interface Spec {
  process: { args: string[]; env: string[]; cwd: string; oomScoreAdj?: number };
  annotations: Record<string, string>;
  mounts: Array<{ destination: string; source: string; options: string[] }>;
  linux: { resources: Record<string, unknown>; cgroupsPath: string };
}

t.test('two containers through create, start, ps, inspect, stop and rm', async (t) => {
  const daemon = await startDaemon(t);
  const { socket } = daemon;
  const pod = (await ctlOk(socket, ['runp', path.join(EXAMPLES, 'pod.yaml')])).trim();
  const bundles = path.join(daemon.tmp, 'resource-slot-ctl', 'bundles');

  const web = (
    await ctlOk(socket, ['create', pod.slice(0, 5), path.join(EXAMPLES, 'container-web.yaml')])
  ).trim();
  const shipper = (
    await ctlOk(socket, ['create', pod, path.join(EXAMPLES, 'container-log-shipper.yaml')])
  ).trim();
  t.match(web, /^[0-9a-f]{64}$/, 'create prints the new container id');

  t.test('the bundle config.json is the OCI spec containerd would write', async (t) => {
    const spec = readJson(path.join(bundles, web, 'config.json')) as Spec;
    t.strictSame(spec.process.args, ['nginx', '-g', 'daemon off;'], 'args are command + args');
    t.ok(spec.process.env.includes('NGINX_PORT=8080'), 'envs become KEY=VALUE');
    t.equal(spec.process.oomScoreAdj, 969, 'oom_score_adj goes to the process');
    t.strictSame(spec.linux.resources, {
      devices: [{ allow: false, access: 'rwm' }],
      cpu: { shares: 512, quota: 100000, period: 100000 },
      memory: { limit: 536870912 },
      hugepageLimits: [{ pageSize: '2MB', limit: 67108864 }],
    });
    t.equal(spec.linux.cgroupsPath, `/kubepods/burstable/pod6f1d2c3e-9a7b-4c5d-8e0f-123456789abc/${web}`);
    t.match(spec.annotations, {
      'io.kubernetes.cri.container-type': 'container',
      'io.kubernetes.cri.container-name': 'web',
      'io.kubernetes.cri.sandbox-id': pod,
      'io.kubernetes.cri.sandbox-name': 'web-0',
      'io.kubernetes.cri.sandbox-namespace': 'shop',
      'io.kubernetes.cri.sandbox-uid': '6f1d2c3e-9a7b-4c5d-8e0f-123456789abc',
      'io.kubernetes.cri.image-name': 'docker.io/library/nginx:1.27',
      'resources.requests.memory': '256Mi',
    });
    const sidecar = readJson(path.join(bundles, shipper, 'config.json')) as Spec;
    t.strictSame(sidecar.linux.resources, {
      devices: [{ allow: false, access: 'rwm' }],
      cpu: { shares: 256, quota: 50000, period: 100000, cpus: '0-1' },
      memory: { limit: 268435456 },
      unified: { 'memory.high': '201326592' },
    });
    t.match(sidecar.mounts.at(-1), {
      destination: '/var/log/pods',
      source: '/var/log/pods',
      options: ['rbind', 'rprivate', 'ro'],
    });
  });

  t.test('ps: created containers show with --all only', async (t) => {
    t.equal((await ctlOk(socket, ['ps', '-q'])).trim(), '', 'no running container yet');
    const out = await ctlOk(socket, ['ps', '-a']);
    const [header, ...rows] = tableRows(out);
    t.strictSame(header, [
      'CONTAINER',
      'NAME',
      'STATE',
      'AGE',
      'POD ID',
      'POD',
      'CPU REQ',
      'CPU LIM',
      'MEM REQ',
      'MEM LIM',
    ]);
    const byName = new Map(rows.map((row) => [row[1], row]));
    t.strictSame(byName.get('web')?.slice(2, 3), ['created']);
    t.strictSame(byName.get('web')?.slice(4), [pod.slice(0, 13), 'web-0', '500m', '1', '256Mi', '512Mi']);
    t.strictSame(byName.get('log-shipper')?.slice(6), ['250m', '500m', '128Mi', '256Mi']);
    const lines = out.split('\n');
    t.strictSame(cellStarts(lines[1] as string), cellStarts(lines[0] as string), 'columns are aligned');
  });

  t.test('start by prefix; ps lists running containers', async (t) => {
    t.equal(await ctlOk(socket, ['start', web.slice(0, 7), shipper]), `${web}\n${shipper}\n`);
    const listed = (await ctlOk(socket, ['ps', '-q'])).trim().split('\n').sort();
    t.strictSame(listed, [web, shipper].sort());
    t.equal((await ctlOk(socket, ['ps', '-q', '--name', 'log'])).trim(), shipper, '--name filters');
    t.equal(
      (await ctlOk(socket, ['ps', '-q', '--pod', pod.slice(0, 4)])).split('\n').length,
      3,
      '--pod filters',
    );
    const json = JSON.parse(await ctlOk(socket, ['ps', '-o', 'json'])) as {
      items: Array<Record<string, unknown>>;
    };
    t.match(
      json.items.find((item) => item['id'] === web),
      {
        podSandboxId: pod,
        podName: 'web-0',
        name: 'web',
        state: 'running',
        resources: { cpu_limit: 1, cpu_request: 0.5, memory_limit: 536870912 },
      },
    );
  });

  t.test('inspect: task State and the container', async (t) => {
    const document = JSON.parse(await ctlOk(socket, ['inspect', web.slice(0, 10)])) as Record<
      string,
      Record<string, unknown>
    >;
    t.match(document['status'], { id: web, status: 'RUNNING', bundle: path.join(bundles, web) });
    t.match(document['info'], {
      name: 'web',
      podSandboxId: pod,
      resources: { hugepages: [{ page_size: '2MB' }] },
    });
    t.match(await ctlOk(socket, ['inspect', '-o', 'table', web]), /^State: +RUNNING \(running\)$/m);
  });

  t.test('rm refuses a running container', async (t) => {
    const refused = await ctl(socket, ['rm', web]);
    t.equal(refused.code, 1);
    t.match(
      refused.stderr,
      /FAILED_PRECONDITION: container [0-9a-f]+ is running: stop it first or use --force/,
    );
  });

  t.test('stop: SIGTERM, the container exits 143; stopping again succeeds', async (t) => {
    t.equal(await ctlOk(socket, ['stop', web]), `${web}\n`);
    const document = JSON.parse(await ctlOk(socket, ['inspect', web])) as Record<
      string,
      Record<string, unknown>
    >;
    t.match(document['status'], { status: 'STOPPED', exitStatus: 143 });
    t.equal(await ctlOk(socket, ['stop', web]), `${web}\n`);
    t.equal(await ctlOk(socket, ['stop', '--timeout', '0', shipper]), `${shipper}\n`);
    const sidecar = JSON.parse(await ctlOk(socket, ['inspect', shipper])) as Record<
      string,
      Record<string, unknown>
    >;
    t.match(
      sidecar['status'],
      { status: 'STOPPED', exitStatus: 137 },
      '--timeout 0 kills with SIGKILL at once',
    );
  });

  t.test('rm deletes the containers and their bundles', async (t) => {
    t.equal(await ctlOk(socket, ['rm', web, shipper]), `${web}\n${shipper}\n`);
    t.equal((await ctlOk(socket, ['ps', '-a', '-q'])).trim(), '');
    t.notOk(fs.existsSync(path.join(bundles, web)), 'the bundle is removed');
    t.strictSame(fs.readdirSync(path.join(daemon.dir, pod, 'containers')), []);
  });

  t.test('rm --force stops a running container first', async (t) => {
    const id = (await ctlOk(socket, ['create', pod, path.join(EXAMPLES, 'container-web.yaml')])).trim();
    await ctlOk(socket, ['start', id]);
    t.equal(await ctlOk(socket, ['rm', '-f', id]), `${id}\n`);
    t.equal((await ctlOk(socket, ['ps', '-a', '-q'])).trim(), '');
  });
});

t.test('create: bad container configs and a stopped pod', async (t) => {
  const daemon = await startDaemon(t);
  const { socket } = daemon;
  const pod = (await ctlOk(socket, ['runp', path.join(EXAMPLES, 'pod.yaml')])).trim();
  const write = (name: string, text: string): string => {
    const file = path.join(daemon.tmp, name);
    fs.writeFileSync(file, text);
    return file;
  };
  const cases: Array<[string, string, RegExp]> = [
    ['no-name.yaml', 'command: [sh]\n', /INVALID_ARGUMENT: .*metadata\.name is required/],
    ['no-command.yaml', 'metadata: {name: c}\n', /INVALID_ARGUMENT: .*command \(or args\) is required/],
    [
      'bad-envs.yaml',
      'metadata: {name: c}\ncommand: [sh]\nenvs: {a: b}\n',
      /INVALID_ARGUMENT: .*envs must be a list/,
    ],
    ['bad-command.yaml', 'metadata: {name: c}\ncommand: sh\n', /command must be a list of strings/],
  ];
  for (const [name, text, message] of cases) {
    const result = await ctl(socket, ['create', pod, write(name, text)]);
    t.equal(result.code, 1, `${name}: exit status 1`);
    t.match(result.stderr, message, `${name}: ${String(message)}`);
  }
  await ctlOk(socket, ['stopp', pod]);
  const refused = await ctl(socket, ['create', pod, path.join(EXAMPLES, 'container-web.yaml')]);
  t.equal(refused.code, 1);
  t.match(
    refused.stderr,
    /^resource-slot-ctl create: FAILED_PRECONDITION: /,
    "the daemon's code and message",
  );
  const bundles = path.join(daemon.tmp, 'resource-slot-ctl', 'bundles');
  t.strictSame(
    fs.existsSync(bundles) ? fs.readdirSync(bundles) : [],
    [],
    'a refused create leaves no bundle',
  );
});
