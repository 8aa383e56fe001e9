import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import t from 'tap';
import { ProfileFileError, type ProfileRules } from '../../src/workload/index.js';
import { ProfileFileSource, readProfileFile } from '../../src/workload/profile-source.js';
import { until } from '../helpers/poll.js';

const good = (cpu: string): string =>
  `kind: ClusterResourceUsage\nspec:\n  usages:\n  - usage:\n      cpu: {value: ${cpu}}\n`;

/** The cpu value every pod gets under these rules. */
function cpuOf(rules: ProfileRules): number | null {
  const source = rules.choose('cpu', { name: 'p', namespace: 'default' }, 'c')?.source;
  return source?.kind === 'profile' && source.profile.kind === 'constant' ? source.profile.value : null;
}

function setup(t: { teardown(fn: () => void): void }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rs-profile-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'usage.yaml');
  const lines: Record<string, unknown>[] = [];
  const log = pino(
    { level: 'debug' },
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    }),
  );
  return { file, lines, log };
}

t.test('start-up: a missing or bad file throws, naming the file (and the line)', async (t) => {
  const { file, log } = setup(t);
  t.throws(() => readProfileFile(file), { message: new RegExp(`^${file}:0: cannot read`) });
  fs.writeFileSync(file, good('1') + '---\nkind: Nope\n');
  const err = t.throws(() => ProfileFileSource.open(file, log));
  t.ok(err instanceof ProfileFileError);
  t.match((err as Error).message, `${file}:7: kind must be`);
});

t.test(
  'reload: good rules replace, a bad file is refused whole and logged, the old rules stay',
  async (t) => {
    const { file, lines, log } = setup(t);
    fs.writeFileSync(file, good('100m'));
    const source = ProfileFileSource.open(file, log, 20);
    t.teardown(() => source.close());
    const seen: ProfileRules[] = [];
    source.start((rules) => seen.push(rules));
    t.equal(seen.length, 1, 'the rules at start');
    t.equal(cpuOf(seen[0] ?? source.current), 0.1);

    fs.writeFileSync(file, good('200m'));
    t.equal(source.reload('SIGHUP'), true);
    t.equal(cpuOf(source.current), 0.2);
    t.equal(seen.length, 2, 'handed to the consumer');

    fs.writeFileSync(
      file,
      good('300m') +
        '---\nkind: ResourceUsage\nmetadata: {name: a}\nspec:\n  usages:\n  - usage:\n      cpu: {value: 1x}\n',
    );
    t.equal(source.reload('SIGHUP'), false, 'a bad file is refused');
    t.equal(cpuOf(source.current), 0.2, 'even its good first document is not applied');
    t.equal(seen.length, 2);
    const error = lines.find((line) => line.level === 50);
    t.match(
      error,
      { file, line: 12, problem: /bad quantity/, reason: 'SIGHUP' },
      'logged at error: file, line, problem',
    );

    fs.rmSync(file);
    t.equal(source.reload('SIGHUP'), false, 'a vanished file is refused too');
    t.equal(cpuOf(source.current), 0.2);
  },
);

t.test('a change to the file is picked up (debounced), an editor-style rename too', async (t) => {
  const { file, log } = setup(t);
  fs.writeFileSync(file, good('100m'));
  const source = ProfileFileSource.open(file, log, 20);
  t.teardown(() => source.close());
  const seen: number[] = [];
  source.start((rules) => seen.push(cpuOf(rules) ?? -1));
  fs.writeFileSync(file, good('400m'));
  t.ok(await until(() => seen.includes(0.4)), 'the change is applied');
  const tmp = `${file}.tmp`;
  fs.writeFileSync(tmp, good('500m'));
  fs.renameSync(tmp, file);
  t.ok(await until(() => seen.includes(0.5)), 'the renamed file is applied');
  await new Promise((resolve) => setTimeout(resolve, 100));
  t.equal(seen.filter((v) => v === 0.5).length, 1, 'once, however many events the rename made');
});
