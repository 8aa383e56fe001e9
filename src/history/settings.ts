/**
 * How much usage history the daemon keeps (docs/history.md): one sample per pod and container every `resolutionMs`,
 * the last `length` of them. A length of 0 turns history off (no timer, no rings).
 */
export interface HistorySettings {
  resolutionMs: number;
  length: number;
}

/** metrics-server and the kubelet's resource metrics are scraped every 10 to 15 s: finer would invent detail. */
export const DEFAULT_HISTORY_RESOLUTION_MS = 10_000;
/** 15 minutes at the default resolution, the window kubernetes-sigs/dashboard-metrics-scraper keeps. */
export const DEFAULT_HISTORY_LENGTH = 90;
/** Below this a pass at 10k containers would take a noticeable share of the event loop (docs/history.md). */
export const MIN_HISTORY_RESOLUTION_MS = 100;
export const MAX_HISTORY_RESOLUTION_MS = 3_600_000;
/** 12 bytes a sample: 10,000 samples are 117 KiB per pod and per container, so a typo cannot take gigabytes at 10k. */
export const MAX_HISTORY_LENGTH = 10_000;

export const DEFAULT_HISTORY_SETTINGS: HistorySettings = {
  resolutionMs: DEFAULT_HISTORY_RESOLUTION_MS,
  length: DEFAULT_HISTORY_LENGTH,
};
