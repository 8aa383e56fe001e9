/** The results as markdown: printed by `npm run bench` and pasted into docs/performance.md between markers. */
import type { Comparison } from './figures/compare.js';
import type { PacedRun, StatsRow } from './figures/stats.js';
import type { RelayedRun } from './figures/stats-relayed.js';
import { fixedCostReport } from './fixed-cost-report.js';
import type { ProfileSummary } from './profile-summary.js';
import { ms, statsTarget, type BenchResults } from './results.js';
import { table } from './markdown-table.js';
import { round } from './stats.js';
import type { MeasuredLoad } from './workers.js';

const KIB = 1024;
const MIB = 1024 * 1024;

const x = (value: number | null): string => (value === null ? '–' : `${value.toFixed(2)}×`);
const latencies = (load: MeasuredLoad): string =>
  `${ms(load.all.p50Us)} / ${ms(load.all.p99Us)} / ${ms(load.all.p999Us)}`;

function comparisonTable(rows: Comparison[], perLifecycle: string): string[] {
  return table(
    [
      'workers',
      'bare calls/s',
      'ours calls/s',
      'ours / bare',
      `ours ${perLifecycle}/s`,
      'bare p50 / p99 / p999 ms',
      'ours p50 / p99 / p999 ms',
      'p99 ours / bare',
      'server CPU µs/call bare → ours',
      'client CPU µs/call bare → ours',
    ],
    rows.map((row) => [
      row.concurrency,
      row.bare.callsPerSecond,
      row.ours.callsPerSecond,
      x(row.ratios.callsPerSecond),
      row.ours.perSecond,
      latencies(row.bare),
      latencies(row.ours),
      x(row.ratios.p99),
      `${row.bare.serverCpuUsPerCall} → ${row.ours.serverCpuUsPerCall}`,
      `${row.bare.clientCpuUsPerCall ?? '–'} → ${row.ours.clientCpuUsPerCall ?? '–'}`,
    ]),
  );
}

function methodTable(rows: Comparison[]): string[] {
  const lines: (string | number)[][] = [];
  for (const row of rows) {
    for (const [method, ours] of Object.entries(row.ours.methods)) {
      const bare = row.bare.methods[method];
      lines.push([
        row.concurrency,
        method,
        bare ? `${ms(bare.p50Us)} / ${ms(bare.p99Us)} / ${ms(bare.p999Us)}` : '–',
        `${ms(ours.p50Us)} / ${ms(ours.p99Us)} / ${ms(ours.p999Us)}`,
      ]);
    }
  }
  return table(['workers', 'method', 'bare p50 / p99 / p999 ms', 'ours p50 / p99 / p999 ms'], lines);
}

function profileTables(summary: ProfileSummary, top: number): string[] {
  const busy = `${round(summary.busyMs / 1000, 1)} s busy, ${round(summary.idleMs / 1000, 1)} s idle`;
  return [
    `Self time by area (${busy}):`,
    '',
    ...table(
      ['area', 'share', 'ms'],
      summary.selfByArea.slice(0, top).map((line) => [line.name, `${line.percent}%`, line.amount]),
    ),
    '',
    'Self time by function:',
    '',
    ...table(
      ['function', 'share', 'ms'],
      summary.selfByFunction
        .slice(0, top)
        .map((line) => [`\`${line.name}\``, `${line.percent}%`, line.amount]),
    ),
    '',
    'Inclusive time of our own functions (the function and everything it called):',
    '',
    ...table(
      ['function', 'share', 'ms'],
      summary.inclusiveOurs
        .slice(0, top)
        .map((line) => [`\`${line.name}\``, `${line.percent}%`, line.amount]),
    ),
    '',
    'Inclusive time per file of ours:',
    '',
    ...table(
      ['file', 'share', 'ms'],
      summary.inclusiveOurFiles
        .slice(0, top)
        .map((line) => [`\`${line.name}\``, `${line.percent}%`, line.amount]),
    ),
  ];
}

/** When and where the run was measured, and the note it was given. */
export function runHeader(results: BenchResults): string[] {
  const { machine, config } = results;
  const out = [
    `Measured ${results.date} at commit ${results.commit} on ${machine.cores} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB, ` +
      `Node ${machine.node}, ${machine.kernel}; the whole run took ${round(results.durationSeconds / 60, 1)} min. ` +
      `Load average (1/5/15 min) ${results.loadAverage.start.join(' / ')} at the start, ` +
      `${results.loadAverage.end.join(' / ')} at the end.` +
      (config.smoke ? ' **Smoke run: tiny sizes, the numbers mean nothing.**' : ''),
  ];
  if (results.note) out.push('', `Note: ${results.note}`);
  return out;
}

/**
 * Figure 8 as markdown; `standalone` adds the run's header, for the section of docs/performance.md that only this
 * figure writes (a run of this figure alone must not replace the other figures' results).
 */
export function statsReport(results: BenchResults, standalone = false): string[] {
  const stats = results.stats;
  if (!stats) return [];
  const out: string[] = standalone ? [...runHeader(results), ''] : [''];
  out.push(`### 8. Stats at scale (${stats.cores} cores)`, '');
  out.push(
    `The daemon (\`--sync ${stats.sync}\` on ${stats.fs}, serving its task socket itself, no task relay) holds N ` +
      'running sandboxes with one running container each; every round asks task Stats of every container once, ' +
      `${stats.concurrency} calls in flight over one connection, rounds back to back after one unmeasured round. ` +
      `The bare server answers every Stats with the same pre-encoded ${stats.metricsBytes}-byte cgroup v2 Metrics ` +
      `our daemon answered. Fill times: ${Object.entries(stats.fillSeconds)
        .map(([size, seconds]) => `${size} in ${round(seconds, 1)} s`)
        .join(', ')}.`,
    '',
  );
  out.push(...steadyTable(stats.rows, 'live containers'));
  if (stats.paced) out.push(...pacedTable(stats.paced, stats.concurrency, 'containers', 'Stats calls'));
  if ((stats.relayed ?? []).length > 0) out.push(...relayedTable(stats.relayed));
  const metricsRows = stats.metricsRows ?? [];
  if (metricsRows.length > 0) {
    out.push(
      '',
      "Controller Metrics of every sandbox (containerd's CRI asks it for a pod's stats), the same way: the bare " +
        `server answers the same pre-encoded ${stats.podMetricsBytes}-byte pod Metrics our daemon answered.`,
      '',
      ...steadyTable(metricsRows, 'live sandboxes'),
    );
    if (stats.pacedMetrics)
      out.push(...pacedTable(stats.pacedMetrics, stats.concurrency, 'sandboxes', 'Metrics calls'));
  }
  const target = statsTarget(stats);
  const met = target.met === null ? 'not run' : target.met ? 'met' : '**not met**';
  out.push('', `Target: ${target.target}. Measured: ${target.measured}; ${met}.`);
  return out;
}

const percent = (fraction: number) => `${round(fraction * 100, 2)}%`;

function steadyTable(rows: StatsRow[], liveHeader: string): string[] {
  return table(
    [
      liveHeader,
      'rounds',
      'bare calls/s',
      'ours calls/s',
      'ours / bare',
      'bare p50 / p99 ms',
      'ours p50 / p99 ms',
      'p99 ours / bare',
      'server CPU s per 1,000 calls bare → ours',
      'client CPU µs/call bare → ours',
    ],
    rows.map((row) => [
      row.live,
      row.rounds,
      row.bare.callsPerSecond,
      row.ours.callsPerSecond,
      x(row.ratios.callsPerSecond),
      `${ms(row.bare.all.p50Us)} / ${ms(row.bare.all.p99Us)}`,
      `${ms(row.ours.all.p50Us)} / ${ms(row.ours.all.p99Us)}`,
      x(row.ratios.p99),
      `${row.cpuSecondsPer1000.bare} → ${row.cpuSecondsPer1000.ours}`,
      `${row.bare.clientCpuUsPerCall ?? '–'} → ${row.ours.clientCpuUsPerCall ?? '–'}`,
    ]),
  );
}

function pacedTable(paced: PacedRun, concurrency: number, what: string, callsHeader: string): string[] {
  return [
    '',
    `Polled as containerd polls: all ${paced.containers} ${what} once a second (a round every ` +
      `${paced.intervalMs} ms, ${concurrency} in flight) for ${paced.rounds} s; the server's CPU over ` +
      'those seconds, idle time included, as a share of one core:',
    '',
    ...table(
      ['server', callsHeader, 'p50 / p99 ms', 'server CPU s per 1,000 calls', 'share of one core'],
      (['bare', 'ours'] as const).map((name) => {
        const run = paced[name];
        return [
          name,
          run.calls,
          `${ms(run.all.p50Us)} / ${ms(run.all.p99Us)}`,
          round(run.serverCpuUsPerCall / 1000, 4),
          percent(paced.coreFraction[name]),
        ];
      }),
    ),
  ];
}

function relayedTable(runs: RelayedRun[]): string[] {
  return [
    '',
    `The same poll through the task relay (\`--task-relay on\`, the systemd unit's setup; the relay binary in front ` +
      "of the daemon's task socket): all containers once a second, with as many calls in flight as above and then " +
      "one at a time (as containerd asks on an idle node); each process's CPU over those seconds:",
    '',
    ...table(
      [
        'containers',
        'in flight',
        'Stats calls',
        'p50 / p99 ms',
        'relay CPU µs per call',
        'daemon CPU µs per call',
        'relay share of one core',
        'daemon share of one core',
      ],
      runs.map((run) => [
        run.containers,
        run.concurrency,
        run.load.calls,
        `${ms(run.load.all.p50Us)} / ${ms(run.load.all.p99Us)}`,
        run.cpuUsPerCall.relay,
        run.cpuUsPerCall.daemon,
        percent(run.coreFraction.relay),
        percent(run.coreFraction.daemon),
      ]),
    ),
  ];
}

export function markdownReport(
  results: BenchResults,
  chartPath: string | null,
  options: { withStats: boolean; withFixed?: boolean } = { withStats: true },
): string {
  const { config } = results;
  const out: string[] = runHeader(results);
  out.push('', '### Targets', '');
  out.push(
    ...table(
      ['target', 'measured', 'met'],
      results.targets.map((check) => [
        check.target,
        check.measured,
        check.met === null ? 'not run' : check.met ? 'yes' : '**no**',
      ]),
    ),
  );
  if (chartPath) out.push('', `![calls/s and p99 against workers, ours and bare](${chartPath})`);
  if (results.fixed && options.withFixed !== false) out.push('', ...fixedCostReport(results.fixed));

  if (results.lifecycle) {
    out.push('', `### 1. Lifecycle throughput and latency (${results.lifecycle.cores} cores)`, '');
    out.push(
      `${config.lifecycles} lifecycles (Create → Start → Status → Stop → Wait → Shutdown) per run after ` +
        `${config.warmup} unmeasured; ours with \`--sync batch\` on the disk (${config.diskRoot}).`,
      '',
    );
    out.push(...comparisonTable(results.lifecycle.rows, 'lifecycles'), '', 'Per method:', '');
    out.push(...methodTable(results.lifecycle.rows));
  }
  if (results.containers) {
    const { containersPerSandbox, rows, cores } = results.containers;
    out.push('', `### 2. Containers (${cores} cores)`, '');
    out.push(
      `${config.containerLifecycles} lifecycles, each with ${containersPerSandbox} containers through the Task API ` +
        '(Create, Start, Wait, Kill, Delete) between the sandbox Status and Stop.',
      '',
    );
    out.push(...comparisonTable(rows, 'lifecycles'), '', 'Per method:', '', ...methodTable(rows));
  }
  if (results.durability) {
    out.push('', `### 3. Durability cost (${results.durability.cores} cores)`, '');
    out.push(
      `${config.durabilityLifecycles} lifecycles per run; disk = ${config.diskRoot}, tmpfs = ${config.tmpfsRoot}.`,
      '',
    );
    out.push(
      ...table(
        [
          'workers',
          'fs',
          '--sync',
          'calls/s',
          'ours / bare',
          'p50 / p99 ms',
          'p99 ours / bare',
          'server CPU µs/call',
        ],
        results.durability.rows.map((row) => [
          row.concurrency,
          row.fs,
          row.sync,
          row.ours.callsPerSecond,
          x(row.ratios.callsPerSecond),
          `${ms(row.ours.all.p50Us)} / ${ms(row.ours.all.p99Us)}`,
          x(row.ratios.p99),
          row.ours.serverCpuUsPerCall,
        ]),
      ),
    );
  }
  const inspection = results.inspection?.figure;
  if (inspection) {
    out.push('', `### Inspection cost (${results.inspection?.cores} cores)`, '');
    if ('skipped' in inspection) out.push(`Skipped: ${inspection.skipped}.`);
    else {
      out.push(
        `${config.lifecycles} lifecycles, ${inspection.concurrency} workers, \`--sync batch\` on disk; ` +
          `the subscriber received ${round(inspection.streamedBytes / MIB, 1)} MiB of events.`,
        '',
      );
      out.push(
        ...table(
          ['daemon', 'calls/s', 'ratio', 'p50 / p99 ms', 'server CPU µs/call'],
          [
            ['no debug server', inspection.off, 1],
            ['--debug-listen', inspection.listening, inspection.listeningRatio],
            ['--debug-listen + /api/events client', inspection.streaming, inspection.streamingRatio],
          ].map(([label, load, value]) => {
            const run = load as MeasuredLoad;
            return [
              label as string,
              run.callsPerSecond,
              x(value as number | null),
              `${ms(run.all.p50Us)} / ${ms(run.all.p99Us)}`,
              run.serverCpuUsPerCall,
            ];
          }),
        ),
      );
    }
  }
  const scale = results.scale;
  if (scale) {
    const where = `\`--sync ${scale.sync}\` on ${scale.fs}`;
    out.push('', `### 4. Flat cost (${scale.cores} cores)`, '');
    out.push(
      `${config.flatProbes} probe lifecycles at ${config.flatConcurrency} worker(s) while the daemon (${where}) holds ` +
        'N running sandboxes with one running container each.',
      '',
    );
    out.push(
      ...table(
        [
          'live sandboxes',
          'p50 / p99 ms (all calls)',
          'Status p50 ms',
          'p50 / p50 at smallest',
          'Status ratio',
          'calls/s',
        ],
        scale.flat.map((row) => [
          row.live,
          `${ms(row.allP50Us)} / ${ms(row.allP99Us)}`,
          ms(row.statusP50Us),
          x(row.p50Ratio),
          x(row.statusP50Ratio),
          row.callsPerSecond,
        ]),
      ),
      '',
      'Per method, mean / p50 / p99 ms:',
      '',
    );
    const methods = Object.keys(scale.flat[0]?.methods ?? {});
    out.push(
      ...table(
        ['method', ...scale.flat.map((row) => `${row.live} live`)],
        methods.map((method) => [
          method,
          ...scale.flat.map((row) => {
            const summary = row.methods[method];
            return summary ? `${ms(summary.meanUs)} / ${ms(summary.p50Us)} / ${ms(summary.p99Us)}` : '–';
          }),
        ]),
      ),
    );
    out.push('', `### 5. Memory per live sandbox (${scale.cores} cores)`, '');
    out.push(
      'After four full GCs (`--expose-gc`), minus the same daemon warmed up with no sandboxes; RSS from /proc. ' +
        '"Once idle": the same after the daemon sat idle until V8 gave back the heap pages it no longer uses ' +
        '(its memory reducer, some 10–20 s into idleness), as on a node whose pods are not churning.',
      '',
    );
    out.push(
      ...table(
        [
          'live sandboxes',
          'measured',
          'RSS / sandbox',
          'RSS / sandbox once idle',
          'heap / sandbox',
          'RSS total',
          'heap used total',
        ],
        scale.memory.map((row) => [
          row.live,
          row.when,
          `${round(row.rssPerSandboxBytes / KIB, 2)} KiB`,
          `${round(row.idleRssPerSandboxBytes / KIB, 2)} KiB (${row.sample.idleSeconds} s)`,
          `${round(row.heapPerSandboxBytes / KIB, 2)} KiB`,
          `${round(row.sample.rss / MIB, 1)} MiB`,
          `${round(row.sample.heapUsed / MIB, 1)} MiB`,
        ]),
      ),
    );
    out.push('', `### 6. Recovery time (${scale.cores} cores)`, '');
    out.push(
      'From spawning the daemon until its Controller socket answers, against the same with an empty `--dir` ' +
        '(node and tsx start-up); `Daemon.start` is the daemon’s own start-up, recovery included. ' +
        `Fill times: ${Object.entries(scale.fillSeconds)
          .map(([size, seconds]) => `${size} in ${round(seconds, 1)} s`)
          .join(', ')}.`,
      '',
    );
    out.push(
      ...table(
        ['sandboxes', 'until serving', 'empty --dir', 'ratio', 'Daemon.start'],
        scale.recovery.map((row) => [
          row.sandboxes,
          `${round(row.serveMs / 1000, 2)} s`,
          `${round(row.emptyServeMs / 1000, 2)} s`,
          x(row.ratio),
          `${round(row.startMs / 1000, 2)} s`,
        ]),
      ),
    );
  }
  const heap = scale?.heapProfile;
  if (heap) {
    out.push('', `### Heap profile: what ${heap.live} live sandboxes keep (${scale?.cores} cores)`, '');
    out.push(
      'The sampling heap profiler ran from the empty (warmed-up) daemon until the fill; after a GC, the sampled ' +
        `allocations still alive, by where they were allocated (per sandbox = bytes / ${heap.live}).`,
      '',
    );
    const perSandbox = (bytes: number) => `${round(bytes / heap.live)} B`;
    for (const [title, lines] of [
      ['allocated in (area)', heap.summary.byArea],
      ['allocated by (function)', heap.summary.byFunction],
      ['allocated by our function or what it called', heap.summary.inclusiveOurs],
    ] as const) {
      out.push(
        ...table(
          [title, 'share', 'per sandbox'],
          lines
            .slice(0, 12)
            .map((line) => [
              line.name.includes(' ') ? `\`${line.name}\`` : line.name,
              `${line.percent}%`,
              perSandbox(line.amount),
            ]),
        ),
        '',
      );
    }
  }
  const recoveryProfile = scale?.recoveryProfile;
  if (recoveryProfile) {
    out.push(
      '',
      `### CPU profile: recovery of ${recoveryProfile.sandboxes} sandboxes (${scale?.cores} cores)`,
      '',
    );
    out.push(
      `A restart under \`node --cpu-prof\` (${round(recoveryProfile.serveMs / 1000, 2)} s until serving with the ` +
        `profiler on); only spawn → serving is counted. Raw profile: \`${recoveryProfile.keptAt}\`.`,
      '',
    );
    out.push(...profileTables(recoveryProfile.summary, 10));
  }
  const waiters = results.waiters;
  if (waiters) {
    out.push('', `### 7. Waiters (${waiters.cores} cores)`, '');
    out.push(
      `${config.lifecycles} lifecycles at ${waiters.concurrency} workers on a daemon holding ${waiters.waiters} ` +
        `running sandboxes, without and then with a pending Wait on each; ${waiters.answeredAfterStop} of the ` +
        `${waiters.waiters} Waits were answered when those sandboxes were stopped afterwards.`,
      '',
    );
    out.push(
      ...table(
        ['pending Waits', 'calls/s', 'p50 / p99 ms', 'ratio'],
        [
          [
            0,
            waiters.without.callsPerSecond,
            `${ms(waiters.without.all.p50Us)} / ${ms(waiters.without.all.p99Us)}`,
            '1.00×',
          ],
          [
            waiters.waiters,
            waiters.with.callsPerSecond,
            `${ms(waiters.with.all.p50Us)} / ${ms(waiters.with.all.p99Us)}`,
            x(waiters.ratio),
          ],
        ],
      ),
    );
  }
  if (options.withStats) out.push(...statsReport(results));
  for (const run of results.profile?.runs ?? []) {
    out.push(
      '',
      `### CPU profile: \`--sync ${run.sync}\` on ${run.fs} (${results.profile?.cores} cores)`,
      '',
    );
    out.push(
      `\`node --cpu-prof\`, ${config.lifecycles} lifecycles at ${run.concurrency} workers ` +
        `(${run.load.callsPerSecond} calls/s under the profiler, ${run.load.serverCpuUsPerCall} µs server CPU per ` +
        `call); only the measured part is counted. Raw profile: \`${run.keptAt}\`.`,
      '',
    );
    out.push(...profileTables(run.summary, 15));
  }
  return out.join('\n') + '\n';
}
