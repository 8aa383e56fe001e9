import { UsageError } from './errors.js';
import { nodeRows, NODE_HEADER, podRows, POD_HEADER, spanLine } from './history-table.js';
import { print } from './output.js';
import { podFilter } from './resolve.js';
import { renderTable } from './table.js';
import { flag, text, type OptionValues, type VerbContext } from './verb.js';

export const DEFAULT_SPARKLINE_WIDTH = 30;

function widthOf(value: string | undefined): number {
  if (value === undefined) return DEFAULT_SPARKLINE_WIDTH;
  const width = Number(value);
  if (!/^[0-9]+$/.test(value) || width < 1 || width > 1000)
    throw new UsageError(
      `--width must be a whole number of characters from 1 to 1000, got ${JSON.stringify(value)}`,
    );
  return width;
}

/** `top --history`: the daemon's usage history as sparklines (docs/ctl.md). */
export async function historyTop({ api, io, output }: VerbContext, values: OptionValues): Promise<void> {
  const width = widthOf(text(values, 'width'));
  const containers = flag(values, 'containers');
  const sandboxes = await api.list();
  const sandboxId = podFilter(text(values, 'pod'), sandboxes) ?? '';
  const answer = await api.history({ sandboxId, containers, containerId: '' });
  if (output !== 'table') return print(io, output, answer, () => ({ header: [], rows: [] }));
  const noTrunc = flag(values, 'no-trunc');
  io.stdout(spanLine(answer, width));
  io.stdout(renderTable(POD_HEADER, podRows(answer, { containers, width, noTrunc })));
  if (answer.node) io.stdout('\n' + renderTable(NODE_HEADER, nodeRows(answer.node, width)));
}
