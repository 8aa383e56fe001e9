import path from 'node:path';
import { ESLint } from 'eslint';
import t from 'tap';

/**
 * The layers of docs/architecture.md are eslint's `no-restricted-imports` rules (eslint.config.js): a wrong import
 * fails `npm run lint`. This holds the rules to the layers (each breach below is caught) and the tree to the rules.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: ROOT });

async function restrictedImports(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return (result?.messages ?? [])
    .filter((message) => message.ruleId === 'no-restricted-imports')
    .map((message) => message.message);
}

const BREACHES: Array<[file: string, code: string]> = [
  ['machines/breach.ts', "import { Daemon } from '../src/daemon.js';\nexport const x = Daemon;\n"],
  ['machines/supervisor/breach.ts', "import fs from 'node:fs';\nexport const x = fs;\n"],
  [
    'src/core/breach.ts',
    "import type { Registries } from '../../machines/registries.js';\nexport type X = Registries;\n",
  ],
  [
    'src/transport/breach.ts',
    "import { StorePaths } from '../store/paths.js';\nexport const x = StorePaths;\n",
  ],
  [
    'src/transport/breach.ts',
    "import { Persistence } from '../persistence/persistence.js';\nexport const x = Persistence;\n",
  ],
  ['src/node/breach.ts', "import { ask } from '../transport/ask.js';\nexport const x = ask;\n"],
  [
    'src/node/policy/breach.ts',
    "import { livePod } from '../../inspect/live-pods.js';\nexport const x = livePod;\n",
  ],
  [
    'src/metrics/breach.ts',
    "import { Admission } from '../transport/admission.js';\nexport const x = Admission;\n",
  ],
  [
    'src/metrics/breach.ts',
    "import { GroupCommitWriter } from '../store/group-commit.js';\nexport const x = GroupCommitWriter;\n",
  ],
  [
    'src/metrics/breach.ts',
    "import { Persistence } from '../persistence/persistence.js';\nexport const x = Persistence;\n",
  ],
  ['src/history/breach.ts', "import { ask } from '../transport/ask.js';\nexport const x = ask;\n"],
  [
    'src/cluster/breach.ts',
    "import { StorePaths } from '../store/paths.js';\nexport const x = StorePaths;\n",
  ],
  ['src/cluster/breach.ts', "import { Daemon } from '../daemon.js';\nexport const x = Daemon;\n"],
  [
    'src/cost/breach.ts',
    "import { averageUsage } from '../workload/window-usage.js';\nexport const x = averageUsage;\n",
  ],
  ['src/cost/breach.ts', "import { livePods } from '../inspect/live-pods.js';\nexport const x = livePods;\n"],
  ['src/plan/breach.ts', "import { DaemonApi } from '../ctl/daemon-api.js';\nexport const x = DaemonApi;\n"],
  [
    'src/ctl/breach.ts',
    "import { parseDaemonArgs } from '../cli/args.js';\nexport const x = parseDaemonArgs;\n",
  ],
];

const ALLOWED: Array<[file: string, code: string]> = [
  [
    'machines/ok.ts',
    "import { setup } from 'xstate';\nimport { NotFoundError } from '../src/core/errors.js';\nexport const x = [setup, NotFoundError];\n",
  ],
  ['src/core/ok.ts', "import type { Exit } from './exit.js';\nexport type X = Exit;\n"],
  ['src/cli/ok.ts', "import { Daemon } from '../daemon.js';\nexport const x = Daemon;\n"],
  [
    'src/node/ok.ts',
    "import { parseQuantity } from '../resources/quantity.js';\nimport { amounts } from './amounts.js';\nexport const x = [parseQuantity, amounts];\n",
  ],
  [
    'src/node/policy/ok.ts',
    "import { InvalidArgumentError } from '../../core/errors.js';\nimport { nanosOf } from '../amounts.js';\nexport const x = [InvalidArgumentError, nanosOf];\n",
  ],
  [
    'src/metrics/ok.ts',
    "import type { WriterObserver } from '../store/writer-observer.js';\nexport type X = WriterObserver;\n",
  ],
  [
    'src/metrics/ok.ts',
    "import type { Registries } from '../../machines/registries.js';\nexport type X = Registries;\n",
  ],
  [
    'src/cluster/ok.ts',
    "import { hostPlatform } from '../transport/platform.js';\nimport { quote } from '../process/quote.js';\nexport const x = [hostPlatform, quote];\n",
  ],
  [
    'src/cost/ok.ts',
    "import { podShare } from '../node/pod-share.js';\nimport { charge } from './charge.js';\nexport const x = [podShare, charge];\n",
  ],
  [
    'src/plan/ok.ts',
    "import { computeCost } from '../cost/compute.js';\nimport { planFit } from './fit.js';\nexport const x = [computeCost, planFit];\n",
  ],
  [
    'src/history/ok.ts',
    "import { podShare } from '../node/pod-share.js';\nimport type { UsageSampler } from '../workload/sampler.js';\nexport const x = podShare;\nexport type X = UsageSampler;\n",
  ],
];

t.test('each layer breach is refused with its layer named', async (t) => {
  for (const [file, code] of BREACHES) {
    const messages = await restrictedImports(file, code);
    t.equal(messages.length, 1, `${file}: ${code.split('\n')[0]}`);
    t.match(messages[0], /may (import only|not import)|bottom layer|top floor/);
  }
});

t.test('what a layer may import passes', async (t) => {
  for (const [file, code] of ALLOWED) t.same(await restrictedImports(file, code), [], file);
});

t.test('the tree keeps to its layers', async (t) => {
  const results = await eslint.lintFiles(['machines', 'src']);
  const breaches = results.flatMap((result) =>
    result.messages
      .filter((message) => message.ruleId === 'no-restricted-imports')
      .map((message) => `${path.relative(ROOT, result.filePath)}:${message.line} ${message.message}`),
  );
  t.same(breaches, []);
});
