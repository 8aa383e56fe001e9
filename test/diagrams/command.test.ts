import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import t from 'tap';
import { parseDiagramArgs } from '../../src/diagrams/command.js';

const BIN = new URL('../../src/cli/bin/resource-slot-sandboxer.js', import.meta.url).pathname;
const run = promisify(execFile);

t.test('arguments', async (t) => {
  t.same(parseDiagramArgs([]), { kind: 'run', machine: 'all', format: 'mermaid' });
  t.same(parseDiagramArgs(['--machine', 'container', '--format=svg']), {
    kind: 'run',
    machine: 'container',
    format: 'svg',
  });
  t.equal(parseDiagramArgs(['-h']).kind, 'help');
  t.same(parseDiagramArgs(['--machine', 'pod']), {
    kind: 'error',
    message:
      "resource-slot-sandboxer diagram: --machine must be one of sandbox|container|exec|all, got 'pod'",
  });
  t.match(parseDiagramArgs(['--format', 'png']), {
    kind: 'error',
    message: /--format must be one of mermaid\|dot\|svg\|json/,
  });
  t.match(parseDiagramArgs(['--colour']), { kind: 'error', message: /unknown option '--colour'/ });
  t.match(parseDiagramArgs(['sandbox']), { kind: 'error' });
});

t.test('`resource-slot-sandboxer diagram` writes to stdout; bad flags exit 2', async (t) => {
  const { stdout } = await run(process.execPath, [
    BIN,
    'diagram',
    '--machine',
    'sandbox',
    '--format',
    'json',
  ]);
  const json = JSON.parse(stdout) as { machines: Array<{ machine: string; edges: unknown[] }> };
  t.equal(json.machines[0]?.machine, 'sandbox');
  t.equal(json.machines[0]?.edges.length, 12, 'ten lifecycle moves and task Create, named or not');
  const failed = await run(process.execPath, [BIN, 'diagram', '--format', 'gif']).catch(
    (error: { code: number; stderr: string }) => error,
  );
  t.match(failed, { code: 2, stderr: /--format must be one of/ });
});
