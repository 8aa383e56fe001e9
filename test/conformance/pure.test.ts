import t from 'tap';
import { describeTally, tallyFaults } from '../../src/conformance/fault-tally.js';
import { globToRegExp, selectByGlobs } from '../../src/conformance/glob.js';
import { reporterFor, type RunSummary } from '../../src/conformance/report.js';
import { parseTaskAddress, taskEndpointFor } from '../../src/conformance/task-endpoint.js';

t.test('globs: * spans dots, ? is one character, the rest is literal', async (t) => {
  t.ok(globToRegExp('sandbox.*').test('sandbox.wait.blocks'));
  t.notOk(globToRegExp('sandbox.*').test('sandboxXwait'));
  t.ok(globToRegExp('task.illegal.?aused').test('task.illegal.paused'));
  t.notOk(globToRegExp('task.(x)').test('task.x'));
  const items = [{ name: 'a.b' }, { name: 'a.c' }, { name: 'b.c' }];
  t.same(selectByGlobs(items, []), items);
  t.same(selectByGlobs(items, ['*.c']), [{ name: 'a.c' }, { name: 'b.c' }]);
});

t.test('task addresses containerd can dial; only gRPC ones can be checked here', async (t) => {
  t.same(parseTaskAddress('grpc+/run/x/task.sock'), { kind: 'grpc', target: 'unix:/run/x/task.sock' });
  t.match(parseTaskAddress(''), { kind: 'none', why: /no task address/ });
  t.match(parseTaskAddress('ttrpc+unix:///run/t.sock'), { kind: 'none', why: /ttrpc.*--task-socket/ });
  t.match(parseTaskAddress('grpc+unix:///run/t.sock'), { kind: 'none', why: /grpc\+<absolute path>/ });
  t.same(taskEndpointFor({ kind: 'path', path: '/t.sock' }, ''), { kind: 'grpc', target: 'unix:/t.sock' });
});

const summary: RunSummary = {
  socket: '/s.sock',
  sandboxer: 'x',
  results: [
    { name: 'a', result: 'pass', why: 'fine', ms: 1 },
    { name: 'b', result: 'fail', why: 'broken #1\nsecond line', ms: 2 },
    { name: 'c', result: 'skip', why: 'not here', ms: 0 },
  ],
  cleanupProblems: ['cleanup: Shutdown of p answered INTERNAL'],
};

function render(format: 'text' | 'tap' | 'json'): string {
  let out = '';
  const reporter = reporterFor(format, (text) => (out += text));
  reporter.begin(summary.results.map((result) => result.name));
  for (const result of summary.results) reporter.result(result);
  reporter.end(summary);
  return out;
}

t.test('text: one line per check, cleanup problems, totals', async (t) => {
  t.equal(
    render('text'),
    [
      'PASS a: fine',
      'FAIL b: broken #1 second line',
      'SKIP c: not here',
      'FAIL cleanup: cleanup: Shutdown of p answered INTERNAL',
      '1 passed, 1 failed, 1 skipped against /s.sock',
      '',
    ].join('\n'),
  );
});

t.test('tap: a plan, SKIP directives, escaped #', async (t) => {
  t.equal(
    render('tap'),
    [
      'TAP version 14',
      '1..3',
      'ok 1 - a: fine',
      'not ok 2 - b: broken \\#1 second line',
      'ok 3 - c # SKIP not here',
      '# cleanup failed: cleanup: Shutdown of p answered INTERNAL',
      '# 1 passed, 1 failed, 1 skipped against /s.sock',
      '',
    ].join('\n'),
  );
});

t.test('json: counts and every check', async (t) => {
  t.match(JSON.parse(render('json')), {
    socket: '/s.sock',
    passed: 1,
    failed: 1,
    skipped: 1,
    cleanupProblems: ['cleanup: Shutdown of p answered INTERNAL'],
    checks: summary.results,
  });
});

t.test('with --faults: the faults per method, one line before the totals, or a json object', async (t) => {
  const calls = [
    { seq: 4, service: 'Controller', method: 'Status', fault: 'rule slow (…)', code: 'NOT_FOUND' },
    { seq: 5, service: 'Controller', method: 'Start', fault: 'rule once (…)', code: 'UNAVAILABLE' },
    { seq: 6, service: 'Controller', method: 'Start', fault: '', code: 'OK' },
    { seq: 7, service: 'Controller', method: 'Status', fault: 'rule slow (…)', code: 'OK' },
  ].map((call) => ({ ...call, sandboxId: 'p', containerId: '', execId: '', durationMillis: 0 }));
  const injected = tallyFaults(calls, new Set([5]));
  t.same(injected, [
    { method: 'Controller.Status', failed: 0, delayed: 2 },
    { method: 'Controller.Start', failed: 1, delayed: 0 },
  ]);
  t.equal(describeTally([]), 'none');
  const faults = { plan: 'p.yaml', rules: [{ id: 'once', description: 'x' }], injected, dropped: 3 };
  const line = 'faults from p.yaml (rules once): Controller.Status 2 delayed, Controller.Start 1 failed';
  for (const [format, expected] of [
    ['text', `${line} (3 calls no longer in the call log)\n1 passed`],
    ['tap', `# ${line} (3 calls no longer in the call log)\n# 1 passed`],
  ] as const) {
    let out = '';
    reporterFor(format, (text) => (out += text)).end({ ...summary, faults });
    t.ok(out.includes(expected), format);
  }
  let json = '';
  reporterFor('json', (text) => (json += text)).end({ ...summary, faults });
  t.same((JSON.parse(json) as { faults: unknown }).faults, faults);
  let without = '';
  reporterFor('json', (text) => (without += text)).end(summary);
  t.notOk('faults' in (JSON.parse(without) as object), 'no faults key without --faults');
});
