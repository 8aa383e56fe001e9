import type { CallRecord } from '../generated/resourceslot/v1/inspect.js';
import { COLUMN_GAP } from './table.js';
import { isoOf } from './time.js';
import { formatDuration, shortId, TRUNCATED_ID_LENGTH } from './units.js';

const NONE = '-';

export const CALL_HEADER = ['SEQ', 'TIME', 'CALL', 'POD', 'CONTAINER', 'EXEC', 'CODE', 'DURATION', 'FAULT'];

/** A call as `calls -o json|yaml` prints it. */
export function callDocument(record: CallRecord) {
  return {
    seq: record.seq,
    time: isoOf(record.time),
    service: record.service,
    method: record.method,
    sandboxId: record.sandboxId,
    containerId: record.containerId,
    execId: record.execId,
    code: record.code,
    fault: record.fault,
    durationMillis: record.durationMillis,
  };
}

export function callCells(record: CallRecord, noTrunc: boolean): string[] {
  const id = (value: string): string => (value === '' ? NONE : shortId(value, noTrunc));
  return [
    String(record.seq),
    isoOf(record.time) ?? NONE,
    `${record.service}.${record.method}`,
    id(record.sandboxId),
    id(record.containerId),
    id(record.execId),
    record.code,
    formatDuration(record.durationMillis),
    record.fault || NONE,
  ];
}

/**
 * Widths that keep the columns of a followed stream aligned without knowing its calls in advance: the longest
 * method (Controller.Shutdown), status code name (FAILED_PRECONDITION) and ISO time.
 */
function followWidths(noTrunc: boolean): number[] {
  const idWidth = noTrunc ? 64 : TRUNCATED_ID_LENGTH;
  const content = [6, 24, 'Controller.Shutdown'.length, idWidth, idWidth, idWidth, 19, 8];
  return content.map((width, index) => Math.max(width, CALL_HEADER[index]?.length ?? 0));
}

/** One line of `calls --follow` in table form: cells padded to fixed widths, separated as tables are. */
export function followLine(cells: string[], noTrunc: boolean): string {
  const widths = followWidths(noTrunc);
  return (
    cells
      .map((cell, index) =>
        index === cells.length - 1 ? cell : cell.padEnd((widths[index] ?? 0) + COLUMN_GAP),
      )
      .join('')
      .trimEnd() + '\n'
  );
}
