import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import t from 'tap';
import { Metrics } from '../../src/generated/cgroups/v2/metrics.js';
import type { Any } from '../../src/generated/google/protobuf/any.js';
import { startDaemon } from '../helpers/daemon.js';
import { until } from '../helpers/poll.js';
import { controllerCalls, createRequest, podConfig } from '../helpers/requests.js';
import { taskCalls, taskClient, writeBundle } from '../helpers/tasks.js';

/**
 * `--workload <file>` against the real daemon: task Stats answers the file's numbers (a ResourceUsage for one pod,
 * a ClusterResourceUsage with a CEL expression for the others), SIGHUP after an edit changes the answer, a bad
 * file on SIGHUP is refused and the answer stays, and a bad file at start stops the daemon naming the line.
 */
const Mi = 1024 * 1024;

function decoded(any: Any | undefined): Metrics {
  if (!any) throw new Error('no metrics in the answer');
  return Metrics.decode(any.value);
}

const profile = (memory: string): string => `kind: ClusterResourceUsage
spec:
  usages:
  - usage:
      cpu:
        expression: Quantity("250m")
      memory:
        expression: >-
          Quantity("24Mi") +
          (pod.metadata.name == "other-pod" ? Quantity("1Mi") : 0.0)
---
kind: ResourceUsage
metadata:
  name: prof-pod
  namespace: default
spec:
  usages:
  - containers: [prof-ctr]
    usage:
      memory:
        value: ${memory}
`;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rs-e2e-'));
const file = path.join(tmp, 'usage.yaml');
fs.writeFileSync(file, profile('48Mi'));
const daemon = await startDaemon(t, ['--workload', file], tmp);
const api = controllerCalls(daemon.controller);

/**
 * Writes the profile as editors and config tools do, by rename: the daemon watches the file, and a plain
 * write-in-place can be read half-written (empty, right after the truncate) when this process is descheduled
 * between the truncate and the write on a loaded machine.
 */
function replaceProfile(text: string): void {
  const next = `${file}.next`;
  fs.writeFileSync(next, text);
  fs.renameSync(next, file);
}

async function runningContainer(t: Tap, pod: string, ctr: string) {
  await api.create(createRequest(pod, podConfig({}, pod)));
  const started = await api.start(pod);
  const client = taskClient(started.address);
  t.teardown(() => client.close());
  const tasks = taskCalls(client);
  await tasks.create(ctr, writeBundle(daemon.tmp, ctr, pod));
  await tasks.start(ctr);
  return async () => decoded((await tasks.stats(ctr)).stats);
}

type Tap = { teardown(fn: () => void): void };

t.test('Stats answers the file; SIGHUP after an edit changes it; a bad edit is refused', async (t) => {
  const stats = await runningContainer(t, 'prof-pod', 'prof-ctr');
  t.equal((await stats()).memory?.usage, 48 * Mi, "the pod's ResourceUsage");

  const other = await runningContainer(t, 'other-pod', 'other-ctr');
  const first = await other();
  const from = Date.now();
  await sleep(400);
  const second = await other();
  t.equal(second.memory?.usage, 25 * Mi, 'the ClusterResourceUsage CEL expression, reading pod.metadata');
  const grown = (second.cpu?.usageUsec ?? 0) - (first.cpu?.usageUsec ?? 0);
  const elapsed = (Date.now() - from) * 1000;
  t.ok(
    grown > 0.25 * elapsed * 0.6 && grown < 0.25 * elapsed * 1.6,
    `CPU at 250m: ${grown} µs in ${elapsed} µs`,
  );

  replaceProfile(profile('96Mi'));
  daemon.child.kill('SIGHUP');
  t.ok(await until(() => daemon.logs().includes('"reason":"SIGHUP"')), 'the daemon re-read on SIGHUP');
  t.equal((await stats()).memory?.usage, 96 * Mi, 'the edited value');
  t.equal(daemon.child.exitCode, null, 'SIGHUP did not stop the daemon');

  replaceProfile(profile('12parsecs'));
  daemon.child.kill('SIGHUP');
  t.ok(
    await until(() => daemon.logs().includes('Refused the workload profile file')),
    'the bad file is refused and logged',
  );
  const refusal = daemon
    .logs()
    .split('\n')
    .find((line) => line.includes('Refused the workload profile file'));
  t.match(refusal, `"file":"${file}"`);
  t.match(refusal, '"line":21');
  t.match(refusal, '"level":50');
  t.equal((await stats()).memory?.usage, 96 * Mi, 'the previous rules stay in force');
});

t.test('a bad file at start stops the daemon with the file, line and problem', async (t) => {
  const badTmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rs-e2e-'));
  const bad = path.join(badTmp, 'bad.yaml');
  fs.writeFileSync(
    bad,
    'kind: ClusterResourceUsage\nspec:\n  usages:\n  - usage:\n      cpu: {expression: "Rand() +"}\n',
  );
  const failed = await startDaemon(t, ['--workload', bad], badTmp).then(
    () => 'started',
    (err: Error) => err.message,
  );
  t.match(failed, `resource-slot-sandboxer: ${bad}:5: spec.usages[0].usage.cpu.expression:`);
});
