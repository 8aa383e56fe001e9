import {
  status,
  type MethodDefinition,
  type ServiceDefinition,
  type UntypedHandleCall,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';

/**
 * Bounds the work in flight so that a flood of calls slows down instead of exhausting memory: at most `maxActive`
 * unary calls run at once, the next `maxQueued` wait their turn in arrival order, and beyond that a call is
 * answered RESOURCE_EXHAUSTED at once. Wait calls and streams are exempt: they are long-lived by design
 * (containerd holds one Wait per pod) and cost only a registered callback while pending.
 */
export class Admission {
  private active = 0;
  private readonly queue: Array<() => void> = [];
  private refusedCalls = 0;

  constructor(
    readonly maxActive = 1024,
    readonly maxQueued = 16_384,
  ) {}

  /** Runs `start` now or later; returns false (and never runs it) when the queue is full. */
  admit(start: () => void): boolean {
    if (this.active < this.maxActive) {
      this.active++;
      start();
      return true;
    }
    if (this.queue.length >= this.maxQueued) {
      this.refusedCalls++;
      return false;
    }
    this.queue.push(start);
    return true;
  }

  release(): void {
    const next = this.queue.shift();
    if (next) next();
    else this.active--;
  }

  get load(): { active: number; queued: number } {
    return { active: this.active, queued: this.queue.length };
  }

  /** How many calls were refused (answered RESOURCE_EXHAUSTED) since the start, for the metrics. */
  get refused(): number {
    return this.refusedCalls;
  }
}

type AnyMethod = MethodDefinition<unknown, unknown>;
type UnaryHandler = (call: unknown, callback: (error: object | null, value?: unknown) => void) => void;

export function withAdmission(
  definition: ServiceDefinition,
  implementation: UntypedServiceImplementation,
  admission: Admission,
): UntypedServiceImplementation {
  const admitted: UntypedServiceImplementation = {};
  for (const [name, method] of Object.entries(definition as Record<string, AnyMethod>)) {
    const handler = implementation[name];
    if (!handler) continue;
    const exempt = method.requestStream || method.responseStream || method.path.endsWith('/Wait');
    admitted[name] = exempt ? handler : admit(handler as unknown as UnaryHandler, admission, method.path);
  }
  return admitted;
}

function admit(handler: UnaryHandler, admission: Admission, path: string): UntypedHandleCall {
  const guarded: UnaryHandler = (call, callback) => {
    const accepted = admission.admit(() =>
      handler(call, (error, value) => {
        admission.release();
        callback(error, value);
      }),
    );
    if (!accepted) {
      callback({
        code: status.RESOURCE_EXHAUSTED,
        details: `${path}: too many calls in flight (${admission.maxActive} running, ${admission.maxQueued} queued); retry`,
      });
    }
  };
  return guarded as unknown as UntypedHandleCall;
}
