/**
 * `name=quantity,name=quantity` lists (kubelet's --kube-reserved syntax, a cliflag.MapStringString) read into exact
 * amounts. A problem is a one-line string naming the flag, for the command line's usage error.
 */
import { QuantityError, parseQuantity } from '../resources/quantity.js';
import { nanosOf, type Nanos } from './amounts.js';
import { isCount } from './resource-names.js';

/** Resource name → amount, in the order given. */
export type ResourceList = ReadonlyMap<string, Nanos>;

export interface ListSpec {
  /** The flag, for messages: "--capacity". */
  flag: string;
  /** Whether a name may appear; `refusal` words the problem (kubelet's own wording where it has one). */
  accepts(name: string): boolean;
  refusal(name: string): string;
}

/** Parses `text` or answers the problem. A name given twice is refused: which one would count? */
export function parseResourceList(text: string, spec: ListSpec): ResourceList | string {
  const list = new Map<string, Nanos>();
  for (const item of text.split(',')) {
    if (item.trim() === '') continue;
    const eq = item.indexOf('=');
    if (eq < 0) return `${spec.flag}: malformed pair ${JSON.stringify(item)}, expect name=quantity`;
    const name = item.slice(0, eq).trim();
    const value = item.slice(eq + 1).trim();
    if (!spec.accepts(name)) return `${spec.flag}: ${spec.refusal(name)}`;
    if (list.has(name)) return `${spec.flag}: ${name} is given more than once`;
    let quantity;
    try {
      quantity = parseQuantity(value);
    } catch (error) {
      if (!(error instanceof QuantityError)) throw error;
      return `${spec.flag}: failed to parse quantity ${JSON.stringify(value)} for ${JSON.stringify(name)} resource: ${error.message}`;
    }
    if (quantity.negative)
      return `${spec.flag}: resource quantity for ${JSON.stringify(name)} cannot be negative: ${value}`;
    const nanos = nanosOf(quantity);
    if (isCount(name) && nanos % 1_000_000_000n !== 0n)
      return `${spec.flag}: ${name} must be a whole number, got ${JSON.stringify(value)}`;
    list.set(name, nanos);
  }
  return list;
}
