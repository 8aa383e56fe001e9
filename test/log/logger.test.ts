import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import {
  createLogger,
  flushLogger,
  isLogFormat,
  isLogLevel,
  LOGGER_NAME,
  type LogLevel,
} from '../../src/log/logger.js';

/** A destination that keeps every line pino writes. */
function capture(): { write(line: string): void; lines: string[]; text(): string } {
  const lines: string[] = [];
  return {
    lines,
    write(line: string) {
      lines.push(line);
    },
    text() {
      return lines.join('');
    },
  };
}

const scratchDirs: string[] = [];
t.teardown(() => scratchDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rs-log-'));
  scratchDirs.push(dir);
  return dir;
}

t.test('json: one JSON object per line, with name and child fields', async (t) => {
  const out = capture();
  const log = createLogger({ level: 'info', format: 'json', destination: out });
  log.child({ sandboxId: 'sb-1' }).info({ state: 'running' }, 'ResourceSlot sandbox started');
  log.info('plain');
  t.equal(out.lines.length, 2);
  for (const line of out.lines) t.ok(line.endsWith('\n') && !line.slice(0, -1).includes('\n'), 'one line');
  const first = JSON.parse(out.lines[0] ?? '') as Record<string, unknown>;
  t.match(first, {
    level: 30,
    name: LOGGER_NAME,
    sandboxId: 'sb-1',
    state: 'running',
    msg: 'ResourceSlot sandbox started',
    pid: process.pid,
  });
  t.type(first['time'], 'number');
  const second = JSON.parse(out.lines[1] ?? '') as Record<string, unknown>;
  t.notOk('sandboxId' in second, 'child fields stay on the child');
  t.equal(LOGGER_NAME, 'resource-slot');
});

t.test('levels filter', async (t) => {
  const out = capture();
  const log = createLogger({ level: 'warn', format: 'json', destination: out });
  log.debug('no');
  log.info('no');
  log.warn('yes');
  log.error({ err: new Error('boom'), code: 'FAILED_PRECONDITION' }, 'yes too');
  t.equal(out.lines.length, 2);
  const error = JSON.parse(out.lines[1] ?? '') as { err: { message: string; stack: string }; code: string };
  t.equal(error.err.message, 'boom', 'errors are serialized');
  t.equal(error.code, 'FAILED_PRECONDITION');

  const all = capture();
  const trace = createLogger({ level: 'trace', format: 'json', destination: all });
  trace.trace('t');
  trace.fatal('f');
  t.same(
    all.lines.map((l) => (JSON.parse(l) as { level: number }).level),
    [10, 60],
  );
});

t.test('pretty: human text, not JSON, with the child fields', async (t) => {
  const out = capture();
  const log = createLogger({ level: 'debug', format: 'pretty', destination: out });
  log.child({ sandboxId: 'sb-2' }).info('Creating ResourceSlot sandbox');
  log.debug({ resources: { cpu_limit: 0.5 } }, 'resources');
  const text = out.text();
  t.throws(() => JSON.parse(out.lines[0] ?? ''), 'not JSON');
  t.match(
    text,
    /^\[\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3} [+-]\d{4}\] INFO \(resource-slot\): Creating ResourceSlot sandbox\n/,
  );
  t.match(text, /sandboxId: "sb-2"/);
  t.match(text, /DEBUG \(resource-slot\): resources/);
  t.match(text, /"cpu_limit": 0\.5/);
  t.notMatch(text, /hostname|pid:/, 'pid and hostname left out of pretty output');
  t.notMatch(text, /\u001b\[/, 'no colours for a non-terminal destination');
});

t.test('pretty colours only when asked', async (t) => {
  const out = capture();
  createLogger({ level: 'info', format: 'pretty', destination: out, colorize: true }).info('hi');
  t.match(out.text(), /\u001b\[/);
});

t.test('file destination: flushLogger puts every line on disk, in order', async (t) => {
  for (const format of ['json', 'pretty'] as const) {
    const file = join(scratch(), 'sub', 'daemon.log');
    const log = createLogger({ level: 'info', format, destination: file });
    const child = log.child({ sandboxId: 'sb-3' });
    for (let i = 0; i < 2000; i++) child.info({ i }, 'line');
    await flushLogger(child);
    const content = readFileSync(file, 'utf8');
    if (format === 'json') {
      const seq = content
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { i: number }).i);
      t.equal(seq.length, 2000, 'all json lines');
      t.same(seq, [...Array(2000).keys()], 'in order');
    } else {
      t.equal(content.match(/INFO \(resource-slot\): line/g)?.length, 2000, 'all pretty lines');
    }
    await flushLogger(log);
  }
});

t.test('flushLogger on a logger with a foreign stream resolves', async (t) => {
  const out = capture();
  const log = createLogger({ level: 'info', format: 'json', destination: out });
  log.info('x');
  await flushLogger(log);
  t.equal(out.lines.length, 1);
  let flushed = 0;
  const flushable = Object.assign(capture(), {
    flush(cb: () => void) {
      flushed++;
      cb();
    },
  });
  await flushLogger(createLogger({ level: 'info', format: 'pretty', destination: flushable }));
  t.equal(flushed, 1, 'forwarded through the pretty wrapper');
});

t.test('flushLogger waits for a file that is still opening', async (t) => {
  const file = join(scratch(), 'opening.log');
  const log = createLogger({ level: 'info', format: 'json', destination: file });
  log.info('early');
  await flushLogger(log);
  t.match(readFileSync(file, 'utf8'), /"msg":"early"/);
});

t.test('bad level or format throws', async (t) => {
  t.throws(
    () => createLogger({ level: 'loud' as LogLevel, format: 'json', destination: capture() }),
    TypeError,
  );
  t.throws(() => createLogger({ level: 'info', format: 'xml' as 'json', destination: capture() }), TypeError);
  t.ok(isLogLevel('fatal'));
  t.notOk(isLogLevel('silent'));
  t.ok(isLogFormat('pretty'));
  t.notOk(isLogFormat('text'));
});

t.test('stdout logger in a child process: lines logged right before exit are not lost', async (t) => {
  const { execFileSync } = await import('node:child_process');
  const loggerUrl = new URL('../../src/log/logger.ts', import.meta.url).href;
  const code = `
    const { createLogger, flushLogger } = await import(${JSON.stringify(loggerUrl)});
    const log = createLogger({ level: 'info', format: 'json' });
    for (let i = 0; i < 5000; i++) log.info({ i }, 'bye');
    await flushLogger(log);
    process.exit(0);
  `;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const lines = out.trim().split('\n');
  t.equal(lines.length, 5000);
  t.equal((JSON.parse(lines[4999] ?? '') as { i: number }).i, 4999);
});
