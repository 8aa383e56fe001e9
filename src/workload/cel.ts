/**
 * CEL expressions of the profile file (`expression:` in a ResourceUsage/ClusterResourceUsage usage), compiled with
 * @marcbachmann/cel-js and type-checked when the file is read, so a syntax or type error refuses the file. The
 * environment offers KWOK's helpers that make sense below a kubelet:
 *   - `pod.SinceSecond()`: seconds since the container started (double);
 *   - `pod.metadata.name`, `pod.metadata.namespace`, `pod.metadata.annotations`: from the PodSandboxConfig;
 *   - `Quantity("250m")`: a Kubernetes quantity as a number (0.25 cores; `Quantity("64Mi")` is 67108864 bytes);
 *   - `Rand()`: a uniform number in [0, 1), the same for one container, resource and second (reruns reproduce).
 * The result, a number (double, int or uint), is the rate at that time: cores for CPU, bytes for memory.
 */
import { Environment, type ASTNode } from '@marcbachmann/cel-js';
import { QuantityError, parseQuantity, quantityToCores } from '../resources/quantity.js';
import { uniformAt } from './prng.js';

/** What an expression sees of its pod and container at one evaluation. */
export interface CelPod {
  name: string;
  namespace: string;
  annotations: Record<string, string>;
}

class PodMetadata {
  constructor(
    readonly name: string,
    readonly namespace: string,
    readonly annotations: Map<string, string>,
  ) {}
}

/** The `pod` variable: its metadata, and the state its methods and `Rand()` read. */
class PodValue {
  /** Seconds since the container started, at this evaluation. */
  seconds = 0;
  constructor(
    readonly metadata: PodMetadata,
    /** Rand()'s key: the container's seed and the resource, hashed. */
    readonly randKey: number,
  ) {}
}

/** Rand() changes once per this many seconds. */
export const RAND_BUCKET_SECONDS = 1;

function quantity(text: string): number {
  return quantityToCores(parseQuantity(text));
}

/** Rand() has no argument: the evaluation's pod is the one it draws for (set just before each evaluation). */
let current: PodValue | null = null;

const ENV = new Environment()
  .registerType('PodMetadata', {
    ctor: PodMetadata,
    fields: { name: 'string', namespace: 'string', annotations: 'map<string, string>' },
  })
  .registerType('Pod', { ctor: PodValue, fields: { metadata: 'PodMetadata' } })
  .registerVariable('pod', 'Pod')
  .registerFunction('Pod.SinceSecond(): double', (pod: PodValue) => pod.seconds)
  .registerFunction('Quantity(string): double', quantity)
  .registerFunction('Rand(): double', () =>
    current ? uniformAt(current.randKey, Math.floor(current.seconds / RAND_BUCKET_SECONDS)) : 0,
  );

const NUMERIC_TYPES = new Set(['double', 'int', 'uint', 'dyn']);

/** The first line of a cel-js error (its message adds a highlighted copy of the expression). */
function summaryOf(error: unknown): string {
  if (error instanceof Error) {
    const summary: unknown = (error as Error & { summary?: unknown }).summary;
    return typeof summary === 'string' ? summary : (error.message.split('\n')[0] ?? '');
  }
  return String(error);
}

/** A literal `Quantity("…")` argument is checked when the file is read, not at the first sample. */
function checkQuantityLiterals(node: unknown): string | null {
  if (Array.isArray(node)) {
    for (const child of node) {
      const problem = checkQuantityLiterals(child);
      if (problem) return problem;
    }
    return null;
  }
  if (!node || typeof node !== 'object' || !('op' in node)) return null;
  const ast = node as ASTNode;
  if (ast.op === 'call' && ast.args[0] === 'Quantity') {
    const [arg] = ast.args[1];
    if (ast.args[1].length === 1 && arg?.op === 'value' && typeof arg.args === 'string') {
      try {
        quantity(arg.args);
      } catch (err) {
        if (err instanceof QuantityError) return `Quantity(${JSON.stringify(arg.args)}): ${err.message}`;
        throw err;
      }
    }
  }
  return ast.op === 'value' || ast.op === 'id' ? null : checkQuantityLiterals(ast.args);
}

/** A checked expression, ready to evaluate for any container. */
export class CelRate {
  private readonly program: (context: Record<string, unknown>) => unknown;

  private constructor(readonly text: string) {
    this.program = ENV.parse(text);
  }

  /** Parses and type-checks; a string is the problem (syntax, type, a non-numeric result, a bad literal). */
  static compile(text: string): CelRate | string {
    const checked = ENV.check(text);
    if (!checked.valid) return summaryOf(checked.error);
    if (!NUMERIC_TYPES.has(checked.type ?? ''))
      return `the expression must give a number (double or int), not ${checked.type ?? 'unknown'}`;
    const rate = new CelRate(text);
    const literal = checkQuantityLiterals((rate.program as unknown as { ast: ASTNode }).ast);
    return literal ?? rate;
  }

  /** Binds the expression to one container's pod and Rand() key. */
  bind(pod: CelPod, randKey: number): BoundRate {
    const value = new PodValue(
      new PodMetadata(pod.name, pod.namespace, new Map(Object.entries(pod.annotations))),
      randKey,
    );
    const context = { pod: value };
    return (seconds) => {
      value.seconds = seconds;
      current = value;
      try {
        const result = this.program(context);
        const n = typeof result === 'bigint' ? Number(result) : result;
        return typeof n === 'number' && Number.isFinite(n) ? Math.max(0, n) : null;
      } catch {
        return null;
      } finally {
        current = null;
      }
    };
  }
}

/** The rate at t seconds; null when the evaluation failed or gave no finite number (the caller falls back). */
export type BoundRate = (seconds: number) => number | null;
