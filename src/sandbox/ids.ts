import { InvalidArgumentError } from '../core/errors.js';

/** containerd's identifier rule (pkg/identifiers): also what keeps ids safe to use as directory names. */
const IDENTIFIER = /^[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)*$/;
export const MAX_ID_LENGTH = 76;

/** Whether `id` follows containerd's identifier rule (length included), without naming a field. */
export function isIdentifier(id: string): boolean {
  return id.length > 0 && id.length <= MAX_ID_LENGTH && IDENTIFIER.test(id);
}

export function validateId(id: string, field: string): string {
  if (id.length === 0) throw new InvalidArgumentError(field, 'must not be empty');
  if (id.length > MAX_ID_LENGTH) {
    throw new InvalidArgumentError(field, `is ${id.length} characters; at most ${MAX_ID_LENGTH} are allowed`);
  }
  if (!IDENTIFIER.test(id)) {
    throw new InvalidArgumentError(
      field,
      `${JSON.stringify(id)} is not a valid identifier (letters and digits, separated by single '.', '_' or '-')`,
    );
  }
  return id;
}
