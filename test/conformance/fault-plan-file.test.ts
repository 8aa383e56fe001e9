import fs from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { FaultPlanFileError, loadPlanFile, parsePlanRules } from '../../src/conformance/fault-plan-file.js';

t.test('each item of rules, as JSON for AddRule, with the line it is written on', async (t) => {
  const text = [
    '# comments are fine',
    'rules:',
    '  - service: Controller',
    '    methods: [Start]',
    "    failpoint: '1*error(UNAVAILABLE: injected)'",
    '  - {methods: [Status], delay: 20ms}',
    '',
  ].join('\n');
  t.same(parsePlanRules(text, 'plan.yaml'), [
    {
      where: 'plan.yaml:3: rules[0]',
      text: '{"service":"Controller","methods":["Start"],"failpoint":"1*error(UNAVAILABLE: injected)"}',
    },
    { where: 'plan.yaml:6: rules[1]', text: '{"methods":["Status"],"delay":"20ms"}' },
  ]);
});

t.test('what is not a list of rules is refused, naming the file and line', async (t) => {
  const cases: Array<[string, RegExp]> = [
    ['rules: [', /^p\.yaml:1: YAML: /],
    ['- a\n- b\n', /^p\.yaml:1: a fault plan is a mapping with one key, rules$/],
    ['rules: []\nextra: 1\n', /^p\.yaml:1: unknown key "extra" \(known: rules\)$/],
    ['rules: []\n', /^p\.yaml:1: rules must be a list of at least one rule$/],
    ['rules:\n', /rules must be a list of at least one rule$/],
    ['rules:\n  - {delay: 1s}\n  - just text\n', /^p\.yaml:3: rules\[1\]: a rule is a mapping$/],
    ['', /^p\.yaml:1: a fault plan is a mapping/],
  ];
  for (const [text, message] of cases) {
    t.throws(() => parsePlanRules(text, 'p.yaml'), { constructor: FaultPlanFileError, message }, text);
  }
});

t.test('a file that cannot be read says so', async (t) => {
  const missing = path.join(t.testdirName, 'none.yaml');
  t.throws(() => loadPlanFile(missing), {
    constructor: FaultPlanFileError,
    message: /^cannot read the fault plan .*none\.yaml: ENOENT/,
  });
  fs.mkdirSync(t.testdirName, { recursive: true });
  const file = path.join(t.testdirName, 'plan.yaml');
  fs.writeFileSync(file, 'rules:\n  - {delay: 1s}\n');
  t.same(loadPlanFile(file), [{ where: `${file}:2: rules[0]`, text: '{"delay":"1s"}' }]);
});
