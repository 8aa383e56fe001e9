/** --history-resolution and --history-length (docs/history.md), checked here so a bad one is a usage error. */
import {
  DEFAULT_HISTORY_LENGTH,
  DEFAULT_HISTORY_RESOLUTION_MS,
  MAX_HISTORY_LENGTH,
  MAX_HISTORY_RESOLUTION_MS,
  MIN_HISTORY_RESOLUTION_MS,
  type HistorySettings,
} from '../history/settings.js';
import { quote } from '../process/quote.js';

export interface HistoryFlagValues {
  'history-resolution'?: string;
  'history-length'?: string;
}

/** The history's settings, or the one-line problem. */
export function historyFlags(values: HistoryFlagValues): HistorySettings | string {
  const resolutionText = values['history-resolution'];
  const resolutionMs =
    resolutionText === undefined ? DEFAULT_HISTORY_RESOLUTION_MS : Math.round(Number(resolutionText) * 1000);
  if (
    resolutionText !== undefined &&
    (!/^[0-9]+(\.[0-9]{1,3})?$/.test(resolutionText) ||
      resolutionMs < MIN_HISTORY_RESOLUTION_MS ||
      resolutionMs > MAX_HISTORY_RESOLUTION_MS)
  ) {
    return `--history-resolution must be a number of seconds from ${MIN_HISTORY_RESOLUTION_MS / 1000} to ${MAX_HISTORY_RESOLUTION_MS / 1000} (at most 3 decimals), got ${quote(resolutionText)}`;
  }
  const lengthText = values['history-length'];
  const length = lengthText === undefined ? DEFAULT_HISTORY_LENGTH : Number(lengthText);
  if (lengthText !== undefined && (!/^[0-9]+$/.test(lengthText) || length > MAX_HISTORY_LENGTH)) {
    return `--history-length must be a whole number of samples from 0 (no history) to ${MAX_HISTORY_LENGTH}, got ${quote(lengthText)}`;
  }
  return { resolutionMs, length };
}
