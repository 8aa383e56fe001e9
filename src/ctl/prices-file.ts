import fs from 'node:fs/promises';
import { InvalidArgumentError } from '../core/errors.js';
import { SAMPLE_PRICES_SOURCE, pricesOrSample } from '../cost/sample-prices.js';
import type { Prices } from '../cost/prices.js';
import { CtlError } from './errors.js';

export interface PricesFile {
  /** The text the Planning RPCs take ('' for the sample). */
  text: string;
  prices: Prices;
  /** For the output: the file, or the sample's source. */
  source: string;
}

/** --prices: read and checked here, so a bad file is named with its field before anything is asked. */
export async function readPricesFile(file: string | undefined): Promise<PricesFile> {
  if (file === undefined)
    return { text: '', prices: pricesOrSample('', ''), source: `default: ${SAMPLE_PRICES_SOURCE}` };
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    throw new CtlError(`cannot read --prices ${file}: ${(error as Error).message}`, 'INVALID_ARGUMENT');
  }
  if (text.trim() === '') throw new CtlError(`${file}: the price file is empty`, 'INVALID_ARGUMENT');
  try {
    return { text, prices: pricesOrSample(text, file), source: file };
  } catch (error) {
    if (error instanceof InvalidArgumentError)
      throw new CtlError(`${file}: ${error.message}`, 'INVALID_ARGUMENT');
    throw error;
  }
}
