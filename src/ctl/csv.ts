/** RFC 4180 CSV: a field with a comma, a quote or a line break is quoted, its quotes doubled; lines end in CRLF. */
const field = (cell: string): string => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);

export function renderCsv(header: string[], rows: string[][]): string {
  const lines = header.length > 0 ? [header, ...rows] : rows;
  return lines.map((line) => line.map(field).join(',') + '\r\n').join('');
}
