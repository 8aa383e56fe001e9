import fs from 'node:fs/promises';
import YAML from 'yaml';
import { CtlError } from './errors.js';

export type JsonMap = { [key: string]: unknown };

/**
 * Reads a crictl-style config file: YAML or JSON (JSON is read as YAML, which it is a subset of), a mapping at
 * the top. Errors name the file and, for syntax errors, the line.
 */
export async function readConfigFile(file: string, what: string): Promise<JsonMap> {
  let source: string;
  try {
    source = await fs.readFile(file, 'utf8');
  } catch (error) {
    throw new CtlError(`cannot read ${what} ${file}: ${(error as Error).message}`, 'INVALID_ARGUMENT');
  }
  let parsed: unknown;
  try {
    parsed = YAML.parse(source, { prettyErrors: true });
  } catch (error) {
    throw new CtlError(`${file} is not valid YAML or JSON: ${(error as Error).message}`, 'INVALID_ARGUMENT');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new CtlError(`${file}: a ${what} must be a mapping (YAML) or an object (JSON)`, 'INVALID_ARGUMENT');
  }
  return parsed as JsonMap;
}
