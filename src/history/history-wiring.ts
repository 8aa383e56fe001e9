import type { Registries } from '../../machines/registries.js';
import type { Allowance } from '../node/fit.js';
import type { UsageSampler } from '../workload/sampler.js';
import { HistorySampler, type PassTimer } from './history-sampler.js';
import type { HistorySettings } from './settings.js';
import { UsageHistory } from './usage-history.js';

export interface HistoryWiring {
  history: UsageHistory;
  sampler: HistorySampler;
}

/** The history and its timer (not started); undefined when the settings keep none (length 0). */
export function wireHistory(
  settings: HistorySettings,
  sources: { registries: Registries; usage: UsageSampler; allocatable: Allowance; timer?: PassTimer },
): HistoryWiring | undefined {
  if (settings.length === 0) return undefined;
  const history = new UsageHistory(settings, sources.allocatable);
  const { registries, usage, timer } = sources;
  return {
    history,
    sampler: new HistorySampler({ history, registries, usage, ...(timer ? { timer } : {}) }),
  };
}
