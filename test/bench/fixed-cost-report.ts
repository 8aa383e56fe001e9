/** The fixed-cost figure (issue 21 item 4) as markdown and as target checks. */
import type { FixedCostFigure } from './figures/fixed-cost.js';
import type { ProcessMemory } from './process-memory.js';
import type { TargetCheck, WithCores } from './results.js';
import { round } from './stats.js';

export const FIXED_TARGETS = { daemonRssMiB: 50, relayRssMiB: 30, serveMs: 250 } as const;

const mib = (bytes: number): number => round(bytes / 2 ** 20, 1);

export function fixedCostTargets(figure: FixedCostFigure | undefined): TargetCheck[] {
  const median = figure?.median;
  const check = (target: string, measured: number | undefined, limit: number, unit: string): TargetCheck => ({
    target,
    measured: measured === undefined ? 'not measured' : `${measured} ${unit} (median)`,
    met: measured === undefined ? null : measured <= limit,
  });
  return [
    check(
      `idle daemon ≤ ${FIXED_TARGETS.daemonRssMiB} MB RSS`,
      median && mib(median.daemon.rss),
      FIXED_TARGETS.daemonRssMiB,
      'MiB',
    ),
    check(
      `idle task relay ≤ ${FIXED_TARGETS.relayRssMiB} MB RSS`,
      median && mib(median.relay.rss),
      FIXED_TARGETS.relayRssMiB,
      'MiB',
    ),
    check(
      `daemon start to serving ≤ ${FIXED_TARGETS.serveMs} ms (empty --dir)`,
      median?.daemonServeMs,
      FIXED_TARGETS.serveMs,
      'ms',
    ),
    check(
      `task relay start to serving ≤ ${FIXED_TARGETS.serveMs} ms`,
      median?.relayServeMs,
      FIXED_TARGETS.serveMs,
      'ms',
    ),
  ];
}

export function fixedCostReport(figure: WithCores<FixedCostFigure>): string[] {
  const { median, runs } = figure;
  const memoryRow = (name: string, memory: ProcessMemory, target: number) => [
    name,
    mib(memory.rss),
    mib(memory.anon),
    mib(memory.file),
    mib(memory.pss),
    target,
  ];
  const spread = (pick: (run: (typeof runs)[number]) => number) =>
    `${Math.min(...runs.map(pick))}–${Math.max(...runs.map(pick))}`;
  return [
    `### Fixed cost per node (${figure.cores} cores, commit \`${figure.commit}\`)`,
    '',
    `Medians of ${runs.length} runs, each on an empty \`--dir\`; the bins ran ${figure.build}. Memory after ` +
      `${figure.idleSeconds} s idle, with \`--task-relay on\` (the systemd unit's setup). RSS is what \`ps\` shows; ` +
      'it splits into private pages (anonymous: heaps, stacks) and file pages, almost all of them the node ' +
      "executable's code, which every node process on the machine shares; PSS counts each shared page divided by " +
      'the processes that map it.',
    '',
    '| process | RSS MiB | private (anon) MiB | file MiB | PSS MiB | target MB |',
    '| --- | --- | --- | --- | --- | --- |',
    ...[
      memoryRow('daemon', median.daemon, FIXED_TARGETS.daemonRssMiB),
      memoryRow('task relay', median.relay, FIXED_TARGETS.relayRssMiB),
    ].map((row) => `| ${row.join(' | ')} |`),
    '',
    '| start to serving | median ms | range ms | target ms |',
    '| --- | --- | --- | --- |',
    `| daemon alone (\`--task-relay off\`): spawn → a Controller call answered | ${median.daemonServeMs} | ${spread((run) => run.daemonServeMs)} | ${FIXED_TARGETS.serveMs} |`,
    `| task relay alone: spawn → a task call through it answered | ${median.relayServeMs} | ${spread((run) => run.relayServeMs)} | ${FIXED_TARGETS.serveMs} |`,
    `| daemon with \`--task-relay on\` (starts the relay before it serves) | ${median.withRelayServeMs} | ${spread((run) => run.withRelayServeMs)} | – |`,
  ];
}
