import t from 'tap';
import {
  AnnotationFaults,
  validatePodFailpoints,
  validateShimFailpoints,
  type AnnotatedCall,
} from '../../src/faults/annotation-faults.js';
import type { CallTarget, PodIdentity } from '../../src/faults/types.js';

const pod = (attempt = 0): PodIdentity => ({ namespace: 'default', name: 'web', uid: 'u1', attempt });

function call(
  target: Partial<CallTarget>,
  podAnnotations: Record<string, string> = {},
  containerAnnotations: Record<string, string> = {},
): AnnotatedCall {
  return {
    target: {
      service: 'Controller',
      method: 'Create',
      sandboxId: 's1',
      containerId: '',
      execId: '',
      pod: pod(),
      container: '',
      ...target,
    },
    podAnnotations,
    containerAnnotations,
  };
}

t.test(
  'a pod failpoint on Controller Create fails once, then a retry with a new sandbox id succeeds',
  async (t) => {
    const faults = new AnnotationFaults();
    const annotations = { 'resource-slot.io/failpoint.Create': '1*error(UNAVAILABLE: please retry)' };
    const first = faults.decide(call({ sandboxId: 'attempt-1' }, annotations));
    t.match(first, { outcome: { kind: 'error', code: 'UNAVAILABLE', message: 'please retry' } });
    t.match(first?.reasons, [/resource-slot\.io\/failpoint\.Create/]);
    t.equal(
      faults.decide(call({ sandboxId: 'attempt-2' }, annotations)),
      null,
      'counted per pod, not per id',
    );
    t.match(
      faults.decide(call({ sandboxId: 'other', pod: { ...pod(), name: 'db' } }, annotations)),
      {
        outcome: { kind: 'error' },
      },
      'another pod has its own count',
    );
    t.equal(faults.decide(call({ method: 'Start' }, annotations)), null, 'other methods are not touched');
  },
);

t.test('a delay term holds the call and lets it through', async (t) => {
  const faults = new AnnotationFaults();
  const annotations = { 'resource-slot.io/failpoint.Start': '1*delay(2000)' };
  t.same(faults.decide(call({ method: 'Start' }, annotations)), {
    delayMs: 2000,
    outcome: { kind: 'off' },
    reasons: ['annotation resource-slot.io/failpoint.Start=1*delay(2000)'],
  });
});

t.test(
  "task calls: the container's OCI annotation, then the pod's per-container key, then pod-wide",
  async (t) => {
    const task = (container: string, own: Record<string, string>, podWide: Record<string, string>) =>
      new AnnotationFaults().decide(
        call({ service: 'Task', method: 'Start', containerId: 'c1', container }, podWide, own),
      )?.outcome;
    const podKeys = {
      'resource-slot.io/task-failpoint.Start': '1*error(pod)',
      'resource-slot.io/task-failpoint.Start.app': '1*error(app)',
    };
    const shim = { 'io.containerd.runtime.v2.shim.failpoint.Start': '1*panic(shim)' };
    t.match(task('app', shim, podKeys), { kind: 'panic', message: 'shim' });
    t.match(task('app', {}, podKeys), { kind: 'error', message: 'app' });
    t.match(task('db', {}, podKeys), { kind: 'error', message: 'pod' });
    t.match(task('db', {}, {}), undefined);
  },
);

t.test('task failpoints count per pod and container name: a restarted container continues', async (t) => {
  const faults = new AnnotationFaults();
  const annotations = { 'resource-slot.io/task-failpoint.Start.app': '1*off->1*error(second start fails)' };
  const start = (containerId: string) =>
    faults.decide(call({ service: 'Task', method: 'Start', containerId, container: 'app' }, annotations));
  t.equal(start('run-1'), null, 'first start passes');
  t.match(start('run-2'), { outcome: { message: 'second start fails' } }, 'the restart (new id) fails');
  t.equal(start('run-3'), null, 'then every start passes');
});

t.test('bad failpoint annotations are refused naming the key', async (t) => {
  t.throws(() => validatePodFailpoints({ 'resource-slot.io/failpoint.Create': '1*eror(x)' }), {
    message: /resource-slot\.io\/failpoint\.Create/,
  });
  t.throws(() => validatePodFailpoints({ 'resource-slot.io/failpoint.Kill': '1*off' }), {
    message: /"Kill" is not a method failpoints can name/,
  });
  t.throws(() => validatePodFailpoints({ 'resource-slot.io/task-failpoint.Reboot.app': '1*off' }), {
    message: /task-failpoint\.Reboot\.app.*"Reboot"/,
  });
  t.throws(() => validateShimFailpoints({ 'io.containerd.runtime.v2.shim.failpoint.Start': 'error(x)' }), {
    message: /shim\.failpoint\.Start/,
  });
  t.doesNotThrow(() =>
    validatePodFailpoints({
      'resource-slot.io/failpoint.Create': '1*error(x)->1*off',
      'resource-slot.io/task-failpoint.Kill.app': '2*delay(10)',
      unrelated: 'anything',
    }),
  );
  t.equal(
    new AnnotationFaults().decide(call({}, { 'resource-slot.io/failpoint.Create': 'garbage' })),
    null,
    'a bad text that slipped in (an old record) injects nothing',
  );
});
