import fs from 'node:fs';
import path from 'node:path';

export interface StateDirReport {
  /** Every regular file under the directory, relative to it. */
  files: string[];
  /** JSON files that do not parse, with the parser's message. */
  torn: Array<{ file: string; error: string }>;
  /** Leftover temp files of atomic writes. */
  temp: string[];
}

/** Walks `dir` (without following symlinks) and parses every JSON file in it. */
export function inspectStateDir(dir: string): StateDirReport {
  const report: StateDirReport = { files: [], torn: [], temp: [] };
  const walk = (current: string): void => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      const relative = path.relative(dir, full);
      if (entry.isDirectory()) {
        walk(full);
        continue;
      }
      if (!entry.isFile()) continue;
      report.files.push(relative);
      if (entry.name.endsWith('.tmp')) report.temp.push(relative);
      else if (entry.name.endsWith('.json')) {
        try {
          JSON.parse(fs.readFileSync(full, 'utf8'));
        } catch (error) {
          report.torn.push({ file: relative, error: (error as Error).message });
        }
      }
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return report;
}

/** The counts of the daemon's one-line recovery summary, or null when it has not logged one. */
export function recoverySummary(
  logs: string,
): { sandboxes: number; containers: number; quarantined: number } | null {
  const match = /Recovered (\d+) sandboxes, (\d+) containers, (\d+) quarantined/.exec(logs);
  if (!match) return null;
  return { sandboxes: Number(match[1]), containers: Number(match[2]), quarantined: Number(match[3]) };
}
