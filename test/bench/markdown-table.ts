/** A markdown table; a null cell is shown as a dash. */
export function table(header: string[], rows: (string | number | null)[][]): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.map((cell) => (cell === null ? '–' : String(cell))).join(' | ')} |`),
  ];
}
