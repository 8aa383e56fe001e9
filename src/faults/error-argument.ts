/**
 * The argument of a failpoint's `error(...)`. containerd's shim returns it as a plain Go error
 * (`fmt.Errorf("%v", arg)`), which ttrpc answers as UNKNOWN (`convertCode` in ttrpc's services.go), so UNKNOWN is
 * the code of a bare message. Our extension: `error(CODE: message)` with CODE one of the FaultCode names selects the
 * gRPC code.
 */
import { FAULT_CODES, isFaultCode } from './fault-codes.js';
import type { FaultCode } from './types.js';

export interface ErrorArgument {
  code: FaultCode;
  message: string;
}

const isCodeChar = (c: string): boolean => (c >= 'A' && c <= 'Z') || c === '_';

/**
 * The code and message, or a sentence saying what is wrong. A prefix shaped like a code name (capitals and `_`
 * before the first `:`) must be a known one, so that a misspelt code is refused rather than sent as UNKNOWN;
 * `UNKNOWN: ` in front sends such text as it is.
 */
export function errorArgumentOf(arg: string): ErrorArgument | string {
  const colon = arg.indexOf(':');
  const prefix = colon > 0 ? arg.slice(0, colon) : '';
  if (prefix === '' || ![...prefix].every(isCodeChar)) return { code: 'UNKNOWN', message: arg };
  if (!isFaultCode(prefix))
    return (
      `${JSON.stringify(prefix)} is not a gRPC code name (known: ${FAULT_CODES.join(', ')}); ` +
      `write error(UNKNOWN: ${arg}) to send this text as the message`
    );
  let start = colon + 1;
  while (arg[start] === ' ') start++;
  const message = arg.slice(start);
  if (message === '') return `error(${prefix}: ...) needs a message after the code`;
  return { code: prefix, message };
}
