/** Columns are separated by at least this many spaces, as crictl's tabwriter does. */
export const COLUMN_GAP = 3;

/**
 * An aligned text table: every column as wide as its widest cell, no trailing spaces. An empty header prints
 * the rows only.
 */
export function renderTable(header: string[], rows: string[][]): string {
  const lines = header.length > 0 ? [header, ...rows] : rows;
  const widths: number[] = [];
  for (const line of lines) {
    line.forEach((cell, index) => (widths[index] = Math.max(widths[index] ?? 0, cell.length)));
  }
  return lines
    .map((line) =>
      line
        .map((cell, index) =>
          index === line.length - 1 ? cell : cell.padEnd((widths[index] ?? 0) + COLUMN_GAP),
        )
        .join('')
        .trimEnd(),
    )
    .map((line) => line + '\n')
    .join('');
}
