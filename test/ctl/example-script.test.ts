// docs/examples/test-sandbox.sh (the README's "See it work") exits 0, prints the resources.json of its pod, and
// what it prints is what the example configs declare; it leaves no directory or process behind.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import t from 'tap';
import YAML from 'yaml';

const EXAMPLES = path.resolve(import.meta.dirname, '../../docs/examples');

// The script starts some twenty node processes one after another; on a loaded 2-core machine that can take well
// over the default file timeout. This is not a speed check: it only must not be cut short.
t.setTimeout(300_000);

type Map = { [key: string]: unknown };
const load = (name: string): Map => YAML.parse(fs.readFileSync(path.join(EXAMPLES, name), 'utf8')) as Map;
const at = (value: unknown, ...keys: Array<string | number>): unknown =>
  keys.reduce<unknown>((current, key) => (current as Map | undefined)?.[key], value);

/** The few quantity forms the examples use: 384Mi, 100M, 1024. */
function quantity(text: unknown): number {
  const match = /^(\d+)(Mi|M)?$/.exec(String(text));
  if (!match) throw new Error(`unexpected quantity ${String(text)} in the examples`);
  return Number(match[1]) * (match[2] === 'Mi' ? 2 ** 20 : match[2] === 'M' ? 1e6 : 1);
}
/** docs/resources.md: cpu_request = ceil(shares * 1000 / 1024) / 1000 (kubelet's millicores back). */
const sharesToCores = (shares: unknown): number => Math.ceil((Number(shares) * 1000) / 1024) / 1000;
const cores = (resources: unknown): number =>
  Number(at(resources, 'cpu_quota')) / Number(at(resources, 'cpu_period'));

function runScript(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [path.join(EXAMPLES, 'test-sandbox.sh')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

t.test('the example script runs a pod with two containers and prints what they hold', async (t) => {
  const { code, stdout, stderr } = await runScript();
  t.equal(code, 0, 'exits 0');
  t.equal(stderr, '', 'prints nothing on stderr');

  const lines = stdout.split('\n');
  const marker = lines.findIndex((line) => line.startsWith('==> resources.json of pod '));
  t.ok(marker > 0, 'prints the resources file');
  const end = lines.indexOf('}', marker);
  const printed = JSON.parse(lines.slice(marker + 1, end + 1).join('\n')) as Map;
  const idAfter = (command: string): string =>
    lines[lines.findIndex((line) => line.endsWith(command)) + 1] ?? '';

  const pod = load('pod.yaml');
  const podResources = at(pod, 'linux', 'resources');
  const overhead = at(pod, 'linux', 'overhead');
  const annotations = at(pod, 'annotations') as Map;
  const sandbox = {
    cpu_limit: cores(podResources),
    cpu_request: sharesToCores(at(podResources, 'cpu_shares')),
    memory_limit: at(podResources, 'memory_limit_in_bytes') as number,
    memory_request: quantity(annotations['resources.requests.memory']),
    pid_limit: quantity(annotations['resources.limits.pid']),
  };
  t.match(
    printed,
    {
      state: 'running',
      ...sandbox,
      network_bandwidth: {
        ingress: quantity(annotations['kubernetes.io/ingress-bandwidth']),
        egress: quantity(annotations['kubernetes.io/egress-bandwidth']),
      },
      hugepages: [
        {
          page_size: at(podResources, 'hugepage_limits', 0, 'page_size'),
          limit: at(podResources, 'hugepage_limits', 0, 'limit'),
        },
      ],
      overhead: {
        cpu_limit: cores(overhead),
        cpu_request: sharesToCores(at(overhead, 'cpu_shares')),
        memory_limit: at(overhead, 'memory_limit_in_bytes'),
      },
    },
    'the pod as pod.yaml declares it',
  );
  t.match(
    printed['totals'],
    {
      cpu_limit: sandbox.cpu_limit + cores(overhead),
      cpu_request: sandbox.cpu_request + sharesToCores(at(overhead, 'cpu_shares')),
      memory_limit: sandbox.memory_limit + Number(at(overhead, 'memory_limit_in_bytes')),
      memory_request: sandbox.memory_request,
      pid_limit: sandbox.pid_limit,
    },
    'the totals add the overhead',
  );

  const containers = printed['containers'] as Map[];
  t.equal(containers.length, 2);
  for (const file of ['container-web.yaml', 'container-log-shipper.yaml']) {
    const config = load(file);
    const resources = at(config, 'linux', 'resources') as Map;
    const id = idAfter(`docs/examples/${file}`);
    t.match(id, /^[0-9a-f]{64}$/, `${file}: the script printed the id create returned`);
    const container = containers.find((candidate) => candidate['container_id'] === id);
    t.match(
      container,
      {
        state: 'running',
        cpu_limit: cores(resources),
        cpu_request: sharesToCores(resources['cpu_shares']),
        memory_limit: resources['memory_limit_in_bytes'],
        memory_request: quantity(at(config, 'annotations', 'resources.requests.memory')),
        oom_score_adj: resources['oom_score_adj'] ?? null,
        cpuset: resources['cpuset_cpus'] ? { cpus: resources['cpuset_cpus'] } : null,
        unified: resources['unified'] ?? {},
        hugepages: ((resources['hugepage_limits'] ?? []) as Map[]).map((limit) => ({
          page_size: limit['page_size'],
          limit: limit['limit'],
        })),
      },
      `${file}: the container as its config declares it`,
    );
  }

  t.match(
    stdout,
    /^\$ resource-slot-ctl rmp [0-9a-f]{13}\nRemoved sandbox [0-9a-f]{64}$/m,
    'the pod is removed',
  );
  const transitions = stdout.slice(stdout.indexOf('==> transitions seen by resource-slot-ctl watch'));
  t.equal(transitions.match(/ -> deleted /g)?.length, 3, 'watch saw the pod and both containers deleted');
  const tmp = /cleaning up (\S+)$/m.exec(stdout)?.[1];
  t.ok(tmp && !fs.existsSync(tmp), 'the temporary directory is gone');
});
