// Kuasar's e2e configs (the crictl files its runc test feeds containerd) run unchanged as a pod and a container.
import path from 'node:path';
import t from 'tap';
import { readJson, startDaemon } from '../helpers/daemon.js';
import { ctlOk } from './run-ctl.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../../shared/reference/fixtures');
const SANDBOX = path.join(FIXTURES, 'kuasar-e2e-sandbox-runc.yaml');
const CONTAINER = path.join(FIXTURES, 'kuasar-e2e-container-runc.yaml');

t.test("Kuasar's runc e2e pod and container", async (t) => {
  const daemon = await startDaemon(t);
  const { socket } = daemon;
  const pod = (await ctlOk(socket, ['runp', SANDBOX])).trim();
  const info = JSON.parse(await ctlOk(socket, ['inspectp', pod])) as { info: Record<string, unknown> };
  t.match(info.info, {
    state: 'running',
    config: {
      metadata: { name: 'runc-sandbox', namespace: 'default', uid: 'runc-sandbox-uid-001' },
      annotations: { 'io.kubernetes.cri.runtime-handler': 'runc' },
    },
  });
  const stored = readJson(path.join(daemon.dir, pod, 'sandbox.json')) as { snapshot: { context: unknown } };
  t.match(
    stored.snapshot.context,
    {
      record: {
        config: {
          linux: { cgroupParent: '/kuasar/runc', securityContext: { namespaceOptions: { network: 'NODE' } } },
        },
      },
    },
    'snake_case keys and the numeric enum were decoded',
  );

  const container = (await ctlOk(socket, ['create', pod, CONTAINER])).trim();
  await ctlOk(socket, ['start', container]);
  const spec = readJson(path.join(daemon.tmp, 'resource-slot-ctl', 'bundles', container, 'config.json')) as {
    process: { args: string[] };
    linux: { resources: unknown; cgroupsPath: string };
  };
  t.strictSame(spec.process.args, ['/bin/sh', '-c', 'sleep 3600']);
  t.equal(spec.linux.cgroupsPath, `/kuasar/runc/${container}`, "under the pod's cgroup_parent");
  const resources = readJson(path.join(daemon.dir, pod, 'resources.json')) as {
    containers: Array<Record<string, unknown>>;
    totals: Record<string, unknown>;
  };
  t.match(resources.containers, [
    { container_id: container, state: 'running', cpu_limit: 0.5, memory_limit: 104857600, cpu_request: null },
  ]);
  t.match(resources.totals, { cpu_limit: 0.5, memory_limit: 104857600 }, 'the pod totals sum the container');
  const listed = JSON.parse(await ctlOk(socket, ['ps', '-o', 'json'])) as { items: unknown[] };
  t.match(listed.items, [
    { id: container, name: 'runc-container', image: 'busybox:latest', state: 'running' },
  ]);

  await ctlOk(socket, ['stop', container]);
  await ctlOk(socket, ['rm', container]);
  await ctlOk(socket, ['stopp', pod]);
  await ctlOk(socket, ['rmp', pod]);
  t.equal((await ctlOk(socket, ['pods', '-q'])).trim(), '');
});
