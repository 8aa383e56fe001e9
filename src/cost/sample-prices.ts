/**
 * The prices used when none are given: OpenCost's default custom pricing (configs/default.json of
 * github.com/opencost/opencost, "Default prices based on GCP us-central1"), in US dollars: CPU 0.031611 per
 * core-hour, RAM 0.004237 per GiB-hour, GPU 0.95 per GPU-hour. Its other entries (spot, storage of persistent
 * volumes, network) price nothing a ResourceSlot pod holds.
 */
import { parsePrices, type Prices } from './prices.js';

export const SAMPLE_PRICES_SOURCE = "OpenCost's default custom pricing (GCP us-central1)";

export const SAMPLE_PRICES_YAML = [
  'currency: USD',
  'cpu: 0.031611 # per core-hour',
  'memory: 0.004237 # per GiB-hour',
  'resources:',
  '  nvidia.com/gpu: 0.95 # per GPU-hour',
  '',
].join('\n');

export const SAMPLE_PRICES: Prices = parsePrices(SAMPLE_PRICES_YAML, SAMPLE_PRICES_SOURCE);

/** The prices a request carries: its text, else the sample. */
export const pricesOrSample = (text: string, source: string, field = 'prices'): Prices =>
  text.trim() === '' ? SAMPLE_PRICES : parsePrices(text, source, field);
