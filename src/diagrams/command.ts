import { parseArgs } from 'node:util';
import { describeParseError, exitCodeForUsageError, PROGRAM_NAME } from '../process/argv.js';
import { quote } from '../process/quote.js';
import { isMachineName, MACHINE_NAMES } from './machines.js';
import {
  DIAGRAM_FORMATS,
  isDiagramFormat,
  renderDiagram,
  type DiagramFormat,
  type DiagramSelection,
} from './render.js';

export type DiagramArgs =
  | { kind: 'run'; machine: DiagramSelection; format: DiagramFormat }
  | { kind: 'help'; text: string }
  | { kind: 'error'; message: string };

const MACHINE_CHOICES = [...MACHINE_NAMES, 'all'].join('|');

export function diagramHelpText(): string {
  return [
    `Usage: ${PROGRAM_NAME} diagram [--machine ${MACHINE_CHOICES}] [--format ${DIAGRAM_FORMATS.join('|')}]`,
    '',
    'Writes the lifecycle diagram of a machine to stdout, derived from machines/*.machine.ts: edges are the calls',
    'each state accepts, labelled with the gRPC method; rejected calls are not drawn.',
    '',
    `  --machine <name>   ${MACHINE_CHOICES} (default: all)`,
    `  --format <format>  ${DIAGRAM_FORMATS.join('|')} (default: mermaid; svg is rendered from the DOT in-process)`,
    '  -h, --help         print this help, then exit',
    '',
  ].join('\n');
}

/** Arguments after `diagram`. Pure, like parseDaemonArgs. */
export function parseDiagramArgs(argv: string[]): DiagramArgs {
  const error = (detail: string): DiagramArgs => ({
    kind: 'error',
    message: `${PROGRAM_NAME} diagram: ${detail}`,
  });
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        machine: { type: 'string' },
        format: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    return error(describeParseError(err));
  }
  if (values.help === true) return { kind: 'help', text: diagramHelpText() };
  const machine = values.machine ?? 'all';
  if (machine !== 'all' && !isMachineName(machine)) {
    return error(`--machine must be one of ${MACHINE_CHOICES}, got ${quote(machine)}`);
  }
  const format = values.format ?? 'mermaid';
  if (!isDiagramFormat(format)) {
    return error(`--format must be one of ${DIAGRAM_FORMATS.join('|')}, got ${quote(format)}`);
  }
  return { kind: 'run', machine, format };
}

/** `resource-slot-sandboxer diagram …`: returns the exit status. */
export async function diagramCommand(argv: string[]): Promise<number> {
  const parsed = parseDiagramArgs(argv);
  switch (parsed.kind) {
    case 'error':
      process.stderr.write(parsed.message + '\n');
      return exitCodeForUsageError;
    case 'help':
      process.stdout.write(parsed.text);
      return 0;
    case 'run':
      process.stdout.write(await renderDiagram(parsed.machine, parsed.format));
      return 0;
  }
}
