import { MODELS, type MachineModel } from './models.js';
import { deriveTable, outcomeLabel, type TransitionTable } from './table.js';
import { modelWalks } from './walks.js';

/** The machines the model-based end-to-end tests replay against the daemon, and the test that does it. */
const WALKED: Partial<Record<MachineModel['name'], string>> = {
  sandbox: 'test/e2e/model-sandbox.test.ts',
  container: 'test/e2e/model-container.test.ts',
};

const TITLES: Record<MachineModel['name'], string> = {
  sandbox: 'Sandbox (`machines/sandbox.machine.ts`)',
  container: 'Container (`machines/container.machine.ts`)',
  exec: 'Exec process (`machines/exec.machine.ts`)',
};

function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function tableLines(table: TransitionTable): string[] {
  const header = ['state \\ call', ...table.calls];
  const body = table.states.map((state) => [
    table.finalStates.includes(state) ? `${state} (final)` : state,
    ...table.calls.map((call) => {
      const cell = table.cells.find((candidate) => candidate.state === state && candidate.call === call);
      return cell ? outcomeLabel(cell.outcome) : '?';
    }),
  ]);
  return [row(header), row(header.map(() => '---')), ...body.map(row)];
}

/** Each state's tags, as the machine declares them (what the rest of the daemon reads with `hasTag`). */
function tagLine(model: MachineModel, table: TransitionTable): string {
  const states = table.states.map((state) => {
    const tags = model.machine.root.states[state]?.tags ?? [];
    return `\`${state}\`: ${tags.length > 0 ? tags.map((tag) => `\`${tag}\``).join(', ') : 'none'}`;
  });
  return `Tags: ${states.join('; ')}.`;
}

/** The named guards the machine's transitions are taken under, with the events they guard. */
function guardLine(model: MachineModel): string | null {
  const guards = new Map<string, Set<string>>();
  for (const node of Object.values(model.machine.root.states)) {
    for (const [event, definitions] of node.transitions) {
      for (const { guard } of definitions) {
        const name = typeof guard === 'string' ? guard : (guard as { type?: unknown } | undefined)?.type;
        if (typeof name === 'string') guards.set(name, (guards.get(name) ?? new Set()).add(event));
      }
    }
  }
  if (guards.size === 0) return null;
  const list = [...guards].map(
    ([name, events]) => `\`${name}\` (on ${[...events].map((e) => `\`${e}\``).join(', ')})`,
  );
  return `Named guards: ${list.join(', ')}.`;
}

function section(model: MachineModel): string[] {
  const table = deriveTable(model);
  const events = model.events.map(({ call, event }) => `\`${call}\` sends \`${event.type}\``).join(', ');
  const guards = guardLine(model);
  const lines = [
    `## ${TITLES[model.name]}`,
    '',
    ...tableLines(table),
    '',
    `${events}.`,
    '',
    tagLine(model, table),
    ...(guards ? ['', guards] : []),
  ];
  const test = WALKED[model.name];
  if (test) {
    const walks = modelWalks(model, table);
    lines.push(
      '',
      `\`${test}\` replays these ${walks.length} walks through the real daemon over gRPC, each with fresh ids:`,
      '',
      ...walks.map((walk, index) => `${index + 1}. ${walk.name}`),
    );
  }
  return [...lines, ''];
}

/** docs/transitions.md, before formatting. */
export function transitionsMarkdown(): string {
  return [
    '# Transition tables (generated)',
    '',
    'Generated from the machines by `npm run docs:transitions` (`src/transitions/`, using `@xstate/graph`); do not',
    'edit by hand: `test/transitions/doc-fresh.test.ts` fails when this file is stale.',
    '',
    'Each row is a state, each column a call. A cell names the state the call leads to, `<state> (via <states>)`',
    'when the machine passes through other states on the way, or `rejected` when the machine refuses the event. How',
    'the daemon answers a refused call (`FAILED_PRECONDITION`, or `NOT_FOUND` for a forgotten id and for `Kill` of a',
    'finished process) is described in [sandbox-transitions.md](sandbox-transitions.md) and',
    '[container-transitions.md](container-transitions.md), which the same tests hold to these tables.',
    '',
    ...MODELS.flatMap(section),
  ].join('\n');
}
