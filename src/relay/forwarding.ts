/**
 * The task relay's service: every method of the task API, forwarded byte for byte to the daemon's own task socket.
 * Nothing is decoded; the relay only decides when a call may wait for, or be repeated against, a daemon that is
 * restarting.
 */
import {
  Metadata,
  status,
  type Client,
  type ClientUnaryCall,
  type MethodDefinition,
  type sendUnaryData,
  type ServerUnaryCall,
  type ServiceDefinition,
  type ServiceError,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import type { Logger } from 'pino';
import type { UpstreamWatch } from './upstream-watch.js';

/**
 * Calls whose repetition changes nothing. When the daemon drops one (it stops, or dies), the relay asks again once
 * the daemon is back; containerd never learns of the restart. Every other call is sent at most once: it waits for the
 * daemon to accept connections, but a call lost mid-flight is answered UNAVAILABLE, since it may have taken effect.
 */
export const REPEATABLE_TASK_METHODS: ReadonlySet<string> = new Set([
  'state',
  'pids',
  'stats',
  'connect',
  'wait',
]);

/** Between repeats of a dropped call, so a draining daemon is not asked in a tight loop. */
const REPEAT_DELAY_MS = 100;

/** Headers grpc-js sets itself on every call; the rest of the caller's metadata travels on. */
const TRANSPORT_HEADERS = new Set(['user-agent', 'content-type', 'te', 'host', 'content-length']);

export interface ForwardingOptions {
  upstream: Client;
  watch: UpstreamWatch;
  /** The longest a call waits for the daemon to come back (the relay's grace period). */
  graceMs: number;
  log: Logger;
  /** Aborted when the relay gives up on the daemon: every call still waiting is answered UNAVAILABLE (the reason). */
  giveUp: AbortSignal;
}

type Bytes = Buffer;
type Outcome = { response: Bytes } | { error: ServiceError };

const passBytes = (bytes: Bytes): Bytes => bytes;

export function forwardingService(
  definition: ServiceDefinition,
  options: ForwardingOptions,
): { definition: ServiceDefinition; implementation: UntypedServiceImplementation } {
  const rawDefinition: Record<string, MethodDefinition<Bytes, Bytes>> = {};
  const implementation: UntypedServiceImplementation = {};
  for (const [name, method] of Object.entries(definition)) {
    rawDefinition[name] = {
      ...method,
      requestSerialize: passBytes,
      requestDeserialize: passBytes,
      responseSerialize: passBytes,
      responseDeserialize: passBytes,
    };
    const repeatable = REPEATABLE_TASK_METHODS.has(name);
    implementation[name] = (call: ServerUnaryCall<Bytes, Bytes>, callback: sendUnaryData<Bytes>) =>
      void forward(method.path, repeatable, call, options).then((outcome) => {
        if ('error' in outcome) callback(outcome.error);
        else callback(null, outcome.response);
      });
  }
  return { definition: rawDefinition as ServiceDefinition, implementation };
}

async function forward(
  path: string,
  repeatable: boolean,
  call: ServerUnaryCall<Bytes, Bytes>,
  options: ForwardingOptions,
): Promise<Outcome> {
  let cancelled = false;
  let inFlight: ClientUnaryCall | undefined;
  call.once('cancelled', () => {
    cancelled = true;
    inFlight?.cancel();
  });
  const abandon = () => inFlight?.cancel();
  options.giveUp.addEventListener('abort', abandon);
  try {
    return await forwardUntilAnswered(path, repeatable, call, () => cancelled, {
      ...options,
      setInFlight: (pending) => (inFlight = pending),
    });
  } finally {
    options.giveUp.removeEventListener('abort', abandon);
  }
}

async function forwardUntilAnswered(
  path: string,
  repeatable: boolean,
  call: ServerUnaryCall<Bytes, Bytes>,
  isCancelled: () => boolean,
  {
    upstream,
    watch,
    graceMs,
    log,
    giveUp,
    setInFlight,
  }: ForwardingOptions & { setInFlight: (call: ClientUnaryCall | undefined) => void },
): Promise<Outcome> {
  const callerDeadline = deadlineMs(call.getDeadline());
  const metadata = forwardedMetadata(call.metadata);
  for (;;) {
    if (isCancelled()) return unavailable('cancelled by the caller');
    if (giveUp.aborted) return unavailable(String(giveUp.reason));
    // Our own deadline bounds how long a call waits for a daemon that is not there; it never outlives the caller's.
    const deadline = Math.min(callerDeadline, Date.now() + graceMs);
    const outcome = await new Promise<Outcome>((resolve) => {
      const pending = upstream.makeUnaryRequest(
        path,
        passBytes,
        passBytes,
        call.request,
        metadata,
        { deadline },
        (error, response) => resolve(error ? { error } : { response: response ?? Buffer.alloc(0) }),
      );
      setInFlight(pending);
    });
    setInFlight(undefined);
    if (giveUp.aborted) return unavailable(String(giveUp.reason));
    if (isCancelled() || !('error' in outcome)) {
      watch.record(true);
      return outcome;
    }
    const { code } = outcome.error;
    const callerOutOfTime = Date.now() >= callerDeadline;
    const daemonGoneTooLong = watch.downForMs() > graceMs;
    if (code === status.DEADLINE_EXCEEDED && !callerOutOfTime) {
      // Our deadline, not the caller's: a repeatable call (a long Wait) simply asks again; any other call was
      // either never sent (the daemon stayed away) or is still unanswered, and the caller must hear why.
      if (repeatable && !daemonGoneTooLong) continue;
      return unavailable(`the ResourceSlot daemon did not answer ${path} within ${graceMs / 1000} s`);
    }
    // The caller did not cancel (checked above): CANCELLED here is a daemon that shut its server down mid-call.
    const dropped = code === status.UNAVAILABLE || code === status.CANCELLED;
    if (dropped && repeatable && !callerOutOfTime && !daemonGoneTooLong) {
      log.debug({ path, details: outcome.error.details }, 'daemon dropped a repeatable call; asking again');
      await new Promise((resolve) => setTimeout(resolve, REPEAT_DELAY_MS));
      continue;
    }
    if (code === status.CANCELLED) return unavailable(`the ResourceSlot daemon stopped during ${path}`);
    return outcome;
  }
}

function deadlineMs(deadline: Date | number): number {
  return deadline instanceof Date ? deadline.getTime() : deadline;
}

function forwardedMetadata(incoming: Metadata): Metadata {
  const metadata = incoming.clone();
  // Queue the call until the daemon accepts a connection, instead of failing at once while it restarts.
  metadata.setOptions({ waitForReady: true });
  for (const key of Object.keys(metadata.getMap())) {
    if (key.startsWith('grpc-') || key.startsWith(':') || TRANSPORT_HEADERS.has(key)) metadata.remove(key);
  }
  return metadata;
}

function unavailable(details: string): Outcome {
  const error = Object.assign(new Error(details), {
    code: status.UNAVAILABLE,
    details,
    metadata: new Metadata(),
  });
  return { error };
}
