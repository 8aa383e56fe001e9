import t from 'tap';
import { InvalidArgumentError } from '../../src/core/errors.js';
import { FaultPlanFileError, parsePlanFile } from '../../src/faults/plan-file.js';
import type { RuleSpec } from '../../src/faults/rule-spec.js';

const FILE = '/etc/resource-slot/faults.yaml';

function refusal(text: string): FaultPlanFileError {
  try {
    parsePlanFile(text, FILE);
  } catch (err) {
    if (err instanceof FaultPlanFileError) return err;
    throw err;
  }
  throw new Error(`expected the file to be refused:\n${text}`);
}

/** A file with one rule made of these lines (each indented under `- `); the rule starts at line 2. */
const oneRule = (...lines: string[]): string =>
  ['rules:', ...lines.map((line, i) => (i === 0 ? `- ${line}` : `  ${line}`))].join('\n');

const effectOf = (spec: RuleSpec | undefined) => spec?.effect;

t.test('every key: selectors, the three effects, names and lines', async (t) => {
  const specs = parsePlanFile(
    `# Fault plan
rules:
- name: create-once
  service: Controller
  methods: [Create]
  namespace: prod-*
  pod: web-*
  failpoint: "1*error(UNAVAILABLE: try again)"
- service: Task
  methods: [Start, Kill]
  container: app
  delay: 200ms
  jitter: 50ms
  probability: 0.25
  seed: 42
- outage: {after: 10s, for: 1m}
- pod: 123
  delay: "0"
`,
    FILE,
  );
  t.equal(specs.length, 4);
  const [create, slow, outage, numeric] = specs;
  t.equal(create?.name, 'create-once');
  t.equal(create?.service, 'Controller');
  t.same(create?.methods, ['Create']);
  t.equal(create?.namespace?.text, 'prod-*');
  t.equal(create?.pod?.text, 'web-*');
  t.equal(create?.container, null);
  t.equal(create?.line, 3);
  const failpoint = effectOf(create);
  t.equal(failpoint?.kind === 'failpoint' && failpoint.failpoint.text, '1*error(UNAVAILABLE: try again)');
  t.same(JSON.parse(create?.json ?? ''), {
    name: 'create-once',
    service: 'Controller',
    methods: ['Create'],
    namespace: 'prod-*',
    pod: 'web-*',
    failpoint: '1*error(UNAVAILABLE: try again)',
  });
  t.equal(slow?.name, null);
  t.same(slow?.methods, ['Start', 'Kill']);
  t.equal(slow?.container?.text, 'app');
  t.equal(slow?.line, 9);
  t.same(effectOf(slow), {
    kind: 'latency',
    delay: { text: '200ms', ms: 200 },
    jitter: { text: '50ms', ms: 50 },
    probability: 0.25,
    seed: 42,
  });
  t.equal(outage?.service, null);
  t.equal(outage?.methods, null);
  t.same(effectOf(outage), {
    kind: 'outage',
    after: { text: '10s', ms: 10_000 },
    for: { text: '1m', ms: 60_000 },
  });
  t.equal(numeric?.pod?.text, '123', 'a bare number is taken as written');
  t.same(effectOf(numeric), {
    kind: 'latency',
    delay: { text: '0', ms: 0 },
    jitter: null,
    probability: 1,
    seed: null,
  });
});

t.test('outage after defaults to 0; methods without a service may be of either', async (t) => {
  const [outage] = parsePlanFile(oneRule('outage: {for: 30s}'), FILE);
  t.same(effectOf(outage), { kind: 'outage', after: { text: '0', ms: 0 }, for: { text: '30s', ms: 30_000 } });
  const [both] = parsePlanFile(oneRule('methods: [Platform, Stats]', 'failpoint: 1*off'), FILE);
  t.same(both?.methods, ['Platform', 'Stats']);
});

t.test('a file with no rules', async (t) => {
  for (const text of ['', '# nothing yet\n', 'rules:\n', 'rules: []\n', 'rules: null\n'])
    t.same(parsePlanFile(text, FILE), [], JSON.stringify(text));
});

t.test('a bad file is refused whole, naming file:line, the field and what is wrong', async (t) => {
  const cases: Array<[string, string, RegExp]> = [
    ['rules:\n- failpoint: 1*error(UNAVAILABLE: retry)\n', 'faults', /:2: YAML: Nested mappings/],
    ['rules:\n- delay: 1s\n  delay: 2s\n', 'faults', /:3: YAML: Map keys must be unique/],
    ['rules: []\n---\nrules: []\n', 'faults', /:\d: YAML: Source contains multiple documents/],
    ['- delay: 1s\n', 'rules', /:1: rules: the file must be a mapping with one key, rules/],
    ['rules: []\nrulez: []\n', 'rulez', /:2: rulez: unknown field \(known: rules\)/],
    ['rules: {delay: 1s}\n', 'rules', /:1: rules: must be a list of rules/],
    ['rules:\n- 1*off\n', 'rules[0]', /:2: rules\[0\]: must be a mapping/],
    [
      oneRule('delay: 1s', 'dealy: 2s'),
      'rules[0].dealy',
      /:3: rules\[0\]\.dealy: unknown field \(known: name, service, methods/,
    ],
    [oneRule('delay: 1s', '1: x'), 'rules[0]', /:3: rules\[0\]: every key must be a string/],
    [oneRule('pod: web'), 'rules[0]', /:2: rules\[0\]: a rule needs one effect: failpoint, delay or outage/],
    [
      oneRule('failpoint: 1*off', 'delay: 1s'),
      'rules[0].delay',
      /:3: rules\[0\]\.delay: a rule has one effect: failpoint and delay are both given/,
    ],
    [
      oneRule('outage: {for: 1s}', 'failpoint: 1*off'),
      'rules[0].failpoint',
      /outage and failpoint are both given/,
    ],
    [
      oneRule('failpoint: 1*off', 'jitter: 1s'),
      'rules[0].jitter',
      /:3: rules\[0\]\.jitter: belongs with delay, not with failpoint/,
    ],
    [oneRule('outage: {for: 1s}', 'seed: 1'), 'rules[0].seed', /belongs with delay, not with outage/],
    [oneRule('outage: {for: 1s}', 'probability: 1'), 'rules[0].probability', /belongs with delay/],
    [oneRule('delay: 2x'), 'rules[0].delay', /:2: rules\[0\]\.delay: bad duration "2x": unknown unit "x"/],
    [oneRule('delay: 200'), 'rules[0].delay', /bad duration "200": a unit is missing/],
    [oneRule('delay: [1s]'), 'rules[0].delay', /rules\[0\]\.delay: must be a string/],
    [oneRule('delay:'), 'rules[0].delay', /:2: rules\[0\]\.delay: must be a string/],
    [oneRule('delay: 1s', 'jitter: lots'), 'rules[0].jitter', /:3: rules\[0\]\.jitter: bad duration "lots"/],
    [oneRule('delay: 1s', 'probability: 1.5'), 'rules[0].probability', /must be from 0 to 1, not 1\.5/],
    [oneRule('delay: 1s', 'probability: -0.1'), 'rules[0].probability', /must be from 0 to 1/],
    [oneRule('delay: 1s', 'probability: .nan'), 'rules[0].probability', /must be from 0 to 1, not NaN/],
    [oneRule('delay: 1s', 'probability: "0.5"'), 'rules[0].probability', /must be a number/],
    [oneRule('delay: 1s', 'seed: 1.5'), 'rules[0].seed', /must be an integer, not 1\.5/],
    [oneRule('delay: 1s', 'seed: 1e300'), 'rules[0].seed', /must be an integer/],
    [oneRule('outage: 10s'), 'rules[0].outage', /:2: rules\[0\]\.outage: must be a mapping/],
    [
      oneRule('outage: {after: 1s}'),
      'rules[0].outage.for',
      /outage\.for: is missing: how long the outage lasts/,
    ],
    [oneRule('outage: {for: 0s}'), 'rules[0].outage.for', /outage\.for: must be longer than 0/],
    [
      oneRule('outage: {for: 1s, after: soon}'),
      'rules[0].outage.after',
      /outage\.after: bad duration "soon"/,
    ],
    [
      oneRule('outage: {for: 1s, until: 2s}'),
      'rules[0].outage.until',
      /outage\.until: unknown field \(known: after, for\)/,
    ],
    [
      oneRule('service: controller', 'delay: 1s'),
      'rules[0].service',
      /must be Controller or Task, not "controller"/,
    ],
    [
      oneRule('service: Controller', 'methods: [Create, Stats]', 'delay: 1s'),
      'rules[0].methods[1]',
      /:3: rules\[0\]\.methods\[1\]: unknown method "Stats" \(Controller methods: Create Start Platform Stop Wait Status Shutdown Metrics Update\)/,
    ],
    [
      oneRule('service: Task', 'methods: [Platform]', 'delay: 1s'),
      'rules[0].methods[0]',
      /unknown method "Platform" \(Task methods: State Create Start Delete Pids Pause Resume Checkpoint Kill Exec ResizePty CloseIO Update Wait Stats Connect Shutdown\)/,
    ],
    [
      oneRule('methods: [start]', 'delay: 1s'),
      'rules[0].methods[0]',
      /unknown method "start" \(Controller or Task methods: /,
    ],
    [oneRule('methods: [/runtime.v1.Task/Start]', 'delay: 1s'), 'rules[0].methods[0]', /unknown method/],
    [
      oneRule('methods: []', 'delay: 1s'),
      'rules[0].methods',
      /must be a list of method names \(leave it out for all\)/,
    ],
    [oneRule('methods: Start', 'delay: 1s'), 'rules[0].methods', /must be a list of method names/],
    [
      oneRule('pod: Web-*', 'delay: 1s'),
      'rules[0].pod',
      /:2: rules\[0\]\.pod: bad name pattern "Web-\*": "W" is not allowed/,
    ],
    [oneRule('namespace: "kube.*"', 'delay: 1s'), 'rules[0].namespace', /"\." is not allowed/],
    [oneRule('container: "app?"', 'delay: 1s'), 'rules[0].container', /"\?" is not allowed/],
    [oneRule('pod: ""', 'delay: 1s'), 'rules[0].pod', /empty name pattern/],
    [
      oneRule('service: Controller', 'container: app', 'delay: 1s'),
      'rules[0].container',
      /:3: rules\[0\]\.container: Controller calls concern no container/,
    ],
    [
      oneRule('failpoint: "1*off->2*error()"'),
      'rules[0].failpoint',
      /:2: rules\[0\]\.failpoint: term 2 "2\*error\(\)": error\(\) needs a message/,
    ],
    [oneRule('failpoint: 1'), 'rules[0].failpoint', /term 1 "1": expected "\*" after the count 1/],
    [
      oneRule('name: "slow start"', 'delay: 1s'),
      'rules[0].name',
      /bad rule name "slow start": 1 to 63 of A-Z/,
    ],
    [oneRule('name: ""', 'delay: 1s'), 'rules[0].name', /bad rule name ""/],
    [
      oneRule('name: slow', 'delay: 1x'),
      'rules[0].delay',
      /rules\[0\]\.delay: bad duration "1x": .* \(rule "slow"\)$/,
    ],
    [
      'rules:\n- name: a\n  delay: 1s\n- name: b\n  delay: 1s\n- name: a\n  delay: 2s\n',
      'rules[2].name',
      /:6: rules\[2\]\.name: "a" names another rule of the file/,
    ],
    [
      'rules:\n- delay: 1s\n- delay: 1s\n  pod: x\n  seed: 2.5\n',
      'rules[1].seed',
      /:5: rules\[1\]\.seed: must be an integer/,
    ],
  ];
  for (const [text, field, message] of cases) {
    const err = refusal(text);
    t.ok(err instanceof InvalidArgumentError, 'an InvalidArgumentError');
    t.equal(err.field, field, text);
    t.equal(err.file, FILE);
    t.match(err.message, message, text);
    t.ok(err.message.startsWith(`${FILE}:${err.line}: `), err.message);
  }
});
