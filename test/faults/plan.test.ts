import t from 'tap';
import { AlreadyExistsError, InvalidArgumentError } from '../../src/core/errors.js';
import { FaultPlanFileError } from '../../src/faults/plan-file.js';
import { FaultPlan } from '../../src/faults/plan.js';
import type { FaultDecision } from '../../src/faults/types.js';
import { controllerCall, dbPod, taskCall, webPod } from './targets.js';

const FILE = 'faults.yaml';
const T0 = 1_000_000;

/** A plan whose clock reads `clock.ms`. */
function planAt(clock = { ms: T0 }, maxCountKeys?: number): FaultPlan {
  return new FaultPlan({ now: () => clock.ms, maxCountKeys, randomSeed: () => 7 });
}

const planFile = (...rules: string[]): string => `rules:\n${rules.map((rule) => `- ${rule}\n`).join('')}`;

/** What `fn` throws (it must throw). */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected it to throw');
}

const unavailable = (message: string): FaultDecision['outcome'] => ({
  kind: 'error',
  code: 'UNAVAILABLE',
  message,
});

t.test('no rules, or none matching: null', async (t) => {
  const plan = planAt();
  t.equal(plan.decide(controllerCall('Create', webPod), T0), null);
  plan.loadFile(planFile('{service: Task, failpoint: "5*error(x)"}', '{pod: db-*, delay: 1s}'), FILE);
  t.equal(plan.decide(controllerCall('Create', webPod), T0), null);
  t.equal(plan.decide(taskCall('Start', webPod, 'app'), T0)?.outcome.kind, 'error');
});

t.test(
  '1*off->1*error(please retry) fails the second call of the pod, whatever its sandbox id',
  async (t) => {
    const plan = planAt();
    plan.loadFile(
      planFile('{service: Controller, methods: [Create], failpoint: "1*off->1*error(please retry)"}'),
      FILE,
    );
    t.equal(plan.decide(controllerCall('Create', webPod), T0), null, 'first attempt passes');
    t.same(plan.decide(controllerCall('Create', webPod), T0), {
      delayMs: 0,
      outcome: { kind: 'error', code: 'UNKNOWN', message: 'please retry' },
      reasons: ['rule r1 (Controller.Create 1*off->1*error(please retry))'],
    });
    t.equal(plan.decide(controllerCall('Create', webPod), T0), null, 'used up: passes');
    t.equal(plan.decide(controllerCall('Create', dbPod), T0), null, 'another pod has its own count');
    t.equal(plan.decide(controllerCall('Create', dbPod), T0)?.outcome.kind, 'error');
    const nextAttempt = { ...webPod, attempt: 1 };
    t.equal(plan.decide(controllerCall('Create', nextAttempt), T0), null, 'a new pod attempt counts anew');
    t.equal(plan.decide(controllerCall('Create', nextAttempt), T0)?.outcome.kind, 'error');
    t.equal(plan.decide(controllerCall('Start', webPod), T0), null, 'other methods are not selected');
  },
);

t.test('task calls count per pod and container name, across container ids', async (t) => {
  const plan = planAt();
  plan.loadFile(planFile('{service: Task, methods: [Start], failpoint: "1*error(crash)"}'), FILE);
  t.equal(plan.decide(taskCall('Start', webPod, 'app', 'c1'), T0)?.outcome.kind, 'error');
  t.equal(plan.decide(taskCall('Start', webPod, 'app', 'c2'), T0), null, 'the restarted container succeeds');
  t.equal(plan.decide(taskCall('Start', webPod, 'sidecar', 'c3'), T0)?.outcome.kind, 'error');
  t.equal(plan.decide(taskCall('Start', dbPod, 'app', 'c4'), T0)?.outcome.kind, 'error');
});

t.test(
  'without a pod, the sandbox id (and the container id when the name is unknown) is counted',
  async (t) => {
    const plan = planAt();
    plan.loadFile(planFile('{failpoint: "1*error(once)"}'), FILE);
    t.equal(plan.decide(controllerCall('Create', null, 'sb1'), T0)?.outcome.kind, 'error');
    t.equal(plan.decide(controllerCall('Start', null, 'sb1'), T0), null);
    t.equal(plan.decide(controllerCall('Create', null, 'sb2'), T0)?.outcome.kind, 'error');
    t.equal(plan.decide(taskCall('Start', null, '', 'c1', 'sb1'), T0)?.outcome.kind, 'error');
    t.equal(plan.decide(taskCall('Start', null, '', 'c1', 'sb1'), T0), null);
    t.equal(plan.decide(taskCall('Start', null, '', 'c2', 'sb1'), T0)?.outcome.kind, 'error');
  },
);

t.test('only the first matching failpoint rule acts, even when it is off', async (t) => {
  const plan = planAt();
  plan.loadFile(
    planFile(
      '{name: first, service: Task, pod: web-*, failpoint: "2*off->1*panic(boom)"}',
      '{name: second, service: Task, failpoint: "1*error(UNAVAILABLE: second)"}',
    ),
    FILE,
  );
  t.equal(plan.decide(taskCall('Kill', webPod, 'app'), T0), null);
  t.equal(plan.decide(taskCall('Kill', webPod, 'app'), T0), null);
  t.same(plan.decide(taskCall('Kill', webPod, 'app'), T0)?.outcome, { kind: 'panic', message: 'boom' });
  t.equal(
    plan.decide(taskCall('Kill', webPod, 'app'), T0),
    null,
    'first is used up, and still the one asked',
  );
  t.same(plan.decide(taskCall('Kill', dbPod, 'app'), T0)?.outcome, unavailable('second'), 'db is not web-*');
  t.same(
    plan.list().map((rule) => [rule.id, rule.hits]),
    [
      ['first', 1],
      ['second', 1],
    ],
  );
});

t.test('a failpoint delay holds the call and lets it through', async (t) => {
  const plan = planAt();
  plan.loadFile(planFile('{failpoint: "1*delay(1500)->1*error(NOT_FOUND: gone)"}'), FILE);
  t.same(plan.decide(controllerCall('Status', webPod), T0), {
    delayMs: 1500,
    outcome: { kind: 'off' },
    reasons: ['rule r1 (*.* 1*delay(1500)->1*error(NOT_FOUND: gone))'],
  });
  t.same(plan.decide(controllerCall('Status', webPod), T0)?.outcome, {
    kind: 'error',
    code: 'NOT_FOUND',
    message: 'gone',
  });
});

t.test('every matching latency rule adds its delay, after the failpoint', async (t) => {
  const plan = planAt();
  plan.loadFile(
    planFile(
      '{service: Task, methods: [Start], container: app, failpoint: "1*error(UNAVAILABLE: busy)"}',
      '{service: Task, delay: 200ms}',
      '{namespace: prod, delay: 1s}',
      '{namespace: staging, delay: 5s}',
    ),
    FILE,
  );
  t.same(plan.decide(taskCall('Start', webPod, 'app'), T0), {
    delayMs: 1200,
    outcome: unavailable('busy'),
    reasons: [
      'rule r1 (Task.Start container=app 1*error(UNAVAILABLE: busy))',
      'rule r2 (Task.* delay 200ms)',
      'rule r3 (*.* namespace=prod delay 1s)',
    ],
  });
  t.same(plan.decide(taskCall('Start', webPod, 'app'), T0), {
    delayMs: 1200,
    outcome: { kind: 'off' },
    reasons: ['rule r2 (Task.* delay 200ms)', 'rule r3 (*.* namespace=prod delay 1s)'],
  });
  t.same(plan.decide(controllerCall('Stop', webPod), T0)?.delayMs, 1000);
  t.same(
    plan.list().map((rule) => rule.hits),
    [1, 2, 3, 0],
  );
});

t.test(
  'latency draws: probability, jitter within bounds, and the same seed gives the same run',
  async (t) => {
    const delays = (rule: string, calls: number): Array<number | null> => {
      const plan = planAt();
      plan.add(rule);
      return Array.from(
        { length: calls },
        () => plan.decide(controllerCall('Status', webPod), T0)?.delayMs ?? null,
      );
    };
    const seeded = '{delay: 100ms, jitter: 50ms, probability: 0.5, seed: 1234}';
    const run = delays(seeded, 400);
    t.same(delays(seeded, 400), run, 'reproduces');
    t.not(
      JSON.stringify(delays(seeded.replace('1234', '1235'), 400)),
      JSON.stringify(run),
      'another seed differs',
    );
    const hit = run.filter((ms): ms is number => ms !== null);
    t.ok(hit.length > 150 && hit.length < 250, `about half hit: ${hit.length}`);
    t.ok(
      hit.every((ms) => ms >= 50 && ms <= 150),
      'within delay ± jitter',
    );
    t.ok(new Set(hit).size > 100, 'spread over the range');
    t.ok(
      delays('{delay: 1s, probability: 0}', 50).every((ms) => ms === null),
      'probability 0 never',
    );
    t.same(delays('{delay: 1s}', 3), [1000, 1000, 1000], 'probability 1 always');
    t.ok(
      delays('{delay: 10ms, jitter: 1s, seed: 3}', 100).every((ms) => ms !== null && ms >= 0 && ms <= 1010),
      'never below 0',
    );
    t.same(
      delays('{delay: 1s, jitter: 200ms, probability: 0.3}', 50),
      delays('{delay: 1s, jitter: 200ms, probability: 0.3}', 50),
      "no seed: the plan's random seed",
    );
  },
);

t.test('an outage answers UNAVAILABLE in its window and wins over everything', async (t) => {
  const clock = { ms: T0 };
  const plan = planAt(clock);
  plan.loadFile(
    planFile(
      '{service: Controller, failpoint: "2*error(INTERNAL: counted)"}',
      '{delay: 300ms}',
      '{name: down, service: Controller, outage: {after: 10s, for: 30s}}',
    ),
    FILE,
  );
  clock.ms = T0 + 60_000;
  const create = (atMs: number) => plan.decide(controllerCall('Create', webPod), atMs);
  const counted = { kind: 'error', code: 'INTERNAL', message: 'counted' };
  t.same(create(T0 + 9_999), {
    delayMs: 300,
    outcome: counted,
    reasons: ['rule r1 (Controller.* 2*error(INTERNAL: counted))', 'rule r2 (*.* delay 300ms)'],
  });
  const down = {
    delayMs: 0,
    outcome: unavailable('runtime outage injected by rule down'),
    reasons: ['rule down (Controller.* outage after 10s for 30s)'],
  };
  t.same(create(T0 + 10_000), down);
  t.same(create(T0 + 39_999), down);
  t.same(plan.decide(taskCall('Start', webPod, 'app'), T0 + 20_000)?.reasons, ['rule r2 (*.* delay 300ms)']);
  t.same(create(T0 + 40_000)?.outcome, counted, 'the calls in the outage did not use the failpoint up');
  t.same(create(T0 + 40_001)?.outcome, { kind: 'off' });
  t.same(
    plan.list().map((rule) => [rule.id, rule.hits]),
    [
      ['r1', 2],
      ['r2', 4],
      ['down', 2],
    ],
  );
});

t.test('an outage added at run time starts from the moment it is added; after defaults to 0', async (t) => {
  const clock = { ms: T0 };
  const plan = planAt(clock);
  clock.ms = T0 + 5_000;
  const view = plan.add('outage: {for: 2s}');
  t.equal(plan.decide(controllerCall('Create', webPod), T0 + 4_999), null);
  t.same(
    plan.decide(controllerCall('Create', webPod), T0 + 5_000)?.outcome,
    unavailable(`runtime outage injected by rule ${view.id}`),
  );
  t.equal(plan.decide(controllerCall('Create', webPod), T0 + 7_000), null);
});

t.test('selectors: service, methods, namespace, pod and container globs', async (t) => {
  const plan = planAt();
  const matches = (rule: string, target: ReturnType<typeof taskCall>): boolean => {
    plan.clear();
    plan.add(rule);
    return plan.decide(target, T0) !== null;
  };
  t.ok(matches('{delay: 1s}', controllerCall('Platform', null)), 'no selector: every call');
  t.ok(
    matches('{methods: [Create], delay: 1s}', taskCall('Create', webPod, 'app')),
    'methods of either service',
  );
  t.ok(matches('{methods: [Create], delay: 1s}', controllerCall('Create', webPod)));
  t.notOk(matches('{service: Task, delay: 1s}', controllerCall('Create', webPod)));
  t.ok(matches('{namespace: "pr*", pod: "*-1", delay: 1s}', taskCall('Stats', webPod, 'app')));
  t.notOk(matches('{namespace: "pr*", pod: "*-2", delay: 1s}', taskCall('Stats', webPod, 'app')));
  t.notOk(matches('{namespace: "dev", delay: 1s}', taskCall('Stats', webPod, 'app')));
  t.notOk(matches('{pod: "*", delay: 1s}', controllerCall('Create', null)), 'a pod selector needs a pod');
  t.ok(matches('{container: "a*", delay: 1s}', taskCall('Stats', webPod, 'app')));
  t.notOk(matches('{container: "a*", delay: 1s}', taskCall('Stats', webPod, 'sidecar')));
  t.notOk(
    matches('{container: "*", delay: 1s}', controllerCall('Create', webPod)),
    'Controller calls have no container',
  );
  t.notOk(matches('{container: "*", delay: 1s}', taskCall('Stats', webPod, '')), 'nor do unknown ones');
});

t.test('ids: names, then r1, r2, ... never reused; add, list, remove, clear', async (t) => {
  const plan = planAt();
  t.equal(plan.loadFile(planFile('{delay: 1s}', '{name: r2, delay: 2s}', '{delay: 3s}'), FILE), 3);
  t.same(
    plan.list().map((rule) => rule.id),
    ['r1', 'r2', 'r3'],
    'an id in use is skipped',
  );
  const added = plan.add(
    '{"service": "Task", "methods": ["Start"], "pod": "web-*", "failpoint": "1*error(x)"}',
  );
  t.same(added, {
    id: 'r4',
    origin: 'runtime',
    description: 'Task.Start pod=web-* 1*error(x)',
    ruleJson: '{"service":"Task","methods":["Start"],"pod":"web-*","failpoint":"1*error(x)"}',
    hits: 0,
  });
  t.equal(
    plan.add('name: slow\ndelay: 5s\njitter: 1s\nprobability: 0.5\nseed: 9').description,
    '*.* delay 5s±1s probability=0.5 seed=9',
  );
  t.same(
    plan.list().map((rule) => [rule.id, rule.origin]),
    [
      ['r1', 'file'],
      ['r2', 'file'],
      ['r3', 'file'],
      ['r4', 'runtime'],
      ['slow', 'runtime'],
    ],
  );
  t.equal(plan.remove('r4'), true);
  t.equal(plan.remove('r4'), false);
  t.equal(plan.add('{delay: 1s}').id, 'r5', 'a removed id is not given again');
  t.equal(plan.remove('r1'), true, 'file rules can be removed too');
  t.equal(plan.clear(), 4);
  t.same(plan.list(), []);
  t.equal(plan.decide(controllerCall('Create', webPod), T0), null);
  t.equal(plan.clear(), 0);
});

t.test('add refuses a bad rule naming the field, and a name in use', async (t) => {
  const plan = planAt();
  plan.add('{name: slow, delay: 1s}');
  t.ok(thrown(() => plan.add('{name: slow, delay: 2s}')) instanceof AlreadyExistsError);
  const cases: Array<[string, string, RegExp]> = [
    ['{delay: 1x}', 'rule.delay', /bad duration "1x"/],
    [
      '{name: fast, delay: 1s, failpoint: "1*off"}',
      'rule.failpoint',
      /one effect: delay and failpoint are both given \(rule "fast"\)/,
    ],
    ['{failpoint: "1*error(UNAVAILBLE: x)"}', 'rule.failpoint', /"UNAVAILBLE" is not a gRPC code name/],
    ['{delay: 1s, pods: x}', 'rule.pods', /unknown field/],
    ['- {delay: 1s}', 'rule', /must be one rule: a mapping/],
    ['', 'rule', /must be one rule/],
    ['{delay: 1s', 'rule', /YAML: /],
  ];
  for (const [text, field, message] of cases) {
    const err = thrown(() => plan.add(text));
    t.ok(err instanceof InvalidArgumentError, text);
    t.equal(err instanceof InvalidArgumentError && err.field, field, text);
    t.match(err instanceof Error && err.message, message, text);
  }
  t.same(
    plan.list().map((rule) => rule.id),
    ['slow'],
    'nothing was added',
  );
});

t.test(
  'loading the file again: runtime rules stay, unchanged rules keep their state, a bad file changes nothing',
  async (t) => {
    const clock = { ms: T0 };
    const plan = planAt(clock);
    const kept = '{service: Controller, failpoint: "1*error(first)->1*error(second)"}';
    const outage = '{name: down, service: Task, outage: {after: 1s, for: 10s}}';
    plan.loadFile(planFile(kept, '{service: Task, delay: 1s}', outage), FILE);
    plan.add('{name: extra, methods: [Platform], delay: 5ms}');
    t.match(plan.decide(controllerCall('Create', webPod), T0)?.outcome, { message: 'first' });
    clock.ms = T0 + 5_000;
    plan.loadFile(planFile(outage, kept, '{service: Task, delay: 2s}'), FILE);
    t.same(
      plan.list().map((rule) => [rule.id, rule.origin, rule.hits]),
      [
        ['down', 'file', 0],
        ['r1', 'file', 1],
        ['r3', 'file', 0],
        ['extra', 'runtime', 0],
      ],
      'the kept failpoint has its id and hits; the changed delay is a new rule',
    );
    t.match(
      plan.decide(controllerCall('Create', webPod), T0 + 5_000)?.outcome,
      { message: 'second' },
      'its count went on',
    );
    t.equal(
      plan.decide(taskCall('Start', webPod, 'app'), T0 + 1_000)?.reasons[0],
      'rule down (Task.* outage after 1s for 10s)',
      'the unchanged outage kept its window',
    );
    const before = plan.list();
    const clash = thrown(() => plan.loadFile(planFile('{delay: 1s}', '{name: extra, delay: 1s}'), FILE));
    t.ok(clash instanceof FaultPlanFileError);
    t.match(
      clash instanceof Error && clash.message,
      /^faults.yaml:3: rules\[1\]\.name: "extra" names a rule added at run time$/,
    );
    t.ok(thrown(() => plan.loadFile('rules: [{delay: x}]', FILE)) instanceof FaultPlanFileError);
    t.same(plan.list(), before, 'a refused file changed nothing');
    t.equal(plan.loadFile('', FILE), 0);
    t.same(
      plan.list().map((rule) => rule.id),
      ['extra'],
    );
  },
);

t.test('an unnamed rule kept across a reload gives up its id to a new name', async (t) => {
  const plan = planAt();
  plan.loadFile(planFile('{delay: 1s}'), FILE);
  plan.loadFile(planFile('{delay: 1s}', '{name: r1, delay: 2s}'), FILE);
  t.same(
    plan.list().map((rule) => [rule.id, rule.description]),
    [
      ['r2', '*.* delay 1s'],
      ['r1', '*.* delay 2s'],
    ],
  );
});

t.test('counts are kept for the most recently seen keys only', async (t) => {
  const plan = planAt({ ms: T0 }, 2);
  plan.add('{service: Controller, failpoint: "1*error(once)"}');
  const pod = (name: string) => ({ ...webPod, name, uid: name });
  const create = (name: string) =>
    plan.decide(controllerCall('Create', pod(name)), T0)?.outcome.kind ?? 'passes';
  t.same(['a', 'b', 'a', 'c'].map(create), ['error', 'error', 'passes', 'error']);
  t.equal(create('a'), 'passes', 'a was used more recently than b');
  t.equal(create('b'), 'error', 'b was dropped: its count starts again');
});
