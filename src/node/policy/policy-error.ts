import { InvalidArgumentError } from '../../core/errors.js';

/** A --policy file refused whole: the message names the file and the line. */
export class PolicyFileError extends InvalidArgumentError {
  constructor(
    readonly file: string,
    readonly line: number,
    field: string,
    readonly detail: string,
  ) {
    super(field, detail);
    this.message = `${file}:${line}: ${field}: ${detail}`;
  }
}
