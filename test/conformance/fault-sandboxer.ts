import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  Server,
  ServerCredentials,
  status,
  type sendUnaryData,
  type ServerUnaryCall,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import {
  ControllerService,
  type ControllerServer,
} from '../../src/generated/containerd/services/sandbox/v1/sandbox.js';
import {
  FaultsService,
  type FaultRule,
  type FaultsServer,
} from '../../src/generated/resourceslot/v1/faults.js';
import {
  InspectService,
  type CallRecord,
  type ListCallsRequest,
  type ListCallsResponse,
} from '../../src/generated/resourceslot/v1/inspect.js';

type State = 'created' | 'running' | 'stopped';

/**
 * A stand-in sandboxer that takes fault rules and logs its calls as ResourceSlot does (Faults, Inspect.ListCalls),
 * with one injection of its own: while any rule is installed, the first Start of each sandbox fails with
 * UNAVAILABLE `injected`, logged with the first rule. Two defects can be switched on: with `mutateOnFault` that
 * failed Start has already started the sandbox; with `logFaultAs` the log names that fault instead of the rule.
 * It serves no task API.
 */
export interface FaultSandboxer {
  socket: string;
  sandboxes: Map<string, State>;
  rules: FaultRule[];
}

type Handler<Req, Res> = (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>) => void;

export async function startFaultSandboxer(
  t: { teardown(fn: () => unknown): void },
  options: { mutateOnFault: boolean; logFaultAs?: string },
): Promise<FaultSandboxer> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rs-fault-sandboxer-'));
  const socket = path.join(tmp, 'sandboxer.sock');
  const sandboxes = new Map<string, State>();
  const faulted = new Set<string>();
  const waiting = new Map<string, Array<() => void>>();
  const rules: FaultRule[] = [];
  const log: CallRecord[] = [];
  let added = 0;

  const record = (method: string, sandboxId: string, code: status, fault = ''): void => {
    log.push({
      seq: log.length + 1,
      service: 'Controller',
      method,
      sandboxId,
      containerId: '',
      execId: '',
      code: status[code],
      fault,
      durationMillis: 0,
    });
  };
  /** Every Controller call is logged with the code it answered, and the fault a handler says it injected. */
  const logged =
    <Req extends { sandboxId: string }, Res>(
      method: string,
      handle: (
        call: ServerUnaryCall<Req, Res>,
        callback: sendUnaryData<Res>,
        inject: (fault: string) => void,
      ) => void,
    ): Handler<Req, Res> =>
    (call, callback) => {
      let fault = '';
      handle(
        call,
        (error, answer) => {
          const code = error ? (error.code ?? status.UNKNOWN) : status.OK;
          record(method, call.request.sandboxId, code, fault);
          callback(error, answer);
        },
        (text) => (fault = text),
      );
    };
  const notFound = (id: string) => ({ code: status.NOT_FOUND, details: `sandbox ${id} not found` });
  const stopped = (id: string): void => {
    sandboxes.set(id, 'stopped');
    for (const release of waiting.get(id) ?? []) release();
    waiting.delete(id);
  };

  const controller: ControllerServer = {
    create: logged('Create', (call, callback) => {
      sandboxes.set(call.request.sandboxId, 'created');
      callback(null, { sandboxId: call.request.sandboxId });
    }),
    start: logged('Start', (call, callback, inject) => {
      const id = call.request.sandboxId;
      const state = sandboxes.get(id);
      if (!state) return callback(notFound(id), null);
      const rule = rules[0];
      if (rule && !faulted.has(id)) {
        faulted.add(id);
        if (options.mutateOnFault) sandboxes.set(id, 'running');
        inject(options.logFaultAs ?? `rule ${rule.id} (${rule.description})`);
        return callback({ code: status.UNAVAILABLE, details: 'injected' }, null);
      }
      if (state !== 'created')
        return callback({ code: status.FAILED_PRECONDITION, details: `${id} is ${state}` });
      sandboxes.set(id, 'running');
      callback(null, { sandboxId: id, pid: 4242, labels: {}, address: '', version: 0 });
    }),
    platform: logged('Platform', (call, callback) => {
      if (!sandboxes.has(call.request.sandboxId)) return callback(notFound(call.request.sandboxId), null);
      callback(null, {
        platform: { os: 'linux', architecture: 'amd64', variant: '', osVersion: '', osFeatures: [] },
      });
    }),
    stop: logged('Stop', (call, callback) => {
      if (sandboxes.has(call.request.sandboxId)) stopped(call.request.sandboxId);
      callback(null, {});
    }),
    wait: logged('Wait', (call, callback) => {
      const id = call.request.sandboxId;
      const state = sandboxes.get(id);
      if (!state) return callback(notFound(id), null);
      if (state === 'stopped') return callback(null, { exitStatus: 0 });
      waiting.set(id, [...(waiting.get(id) ?? []), () => callback(null, { exitStatus: 0 })]);
    }),
    status: logged('Status', (call, callback) => {
      const id = call.request.sandboxId;
      const state = sandboxes.get(id);
      if (!state) return callback(notFound(id), null);
      const ready = state === 'running' ? 'SANDBOX_READY' : 'SANDBOX_NOTREADY';
      callback(null, { sandboxId: id, pid: 4242, state: ready, info: {}, address: '', version: 0 });
    }),
    shutdown: logged('Shutdown', (call, callback) => {
      if (sandboxes.has(call.request.sandboxId)) stopped(call.request.sandboxId);
      sandboxes.delete(call.request.sandboxId);
      callback(null, {});
    }),
    metrics: (_call, callback) => callback({ code: status.UNIMPLEMENTED, details: 'no metrics' }),
    update: logged('Update', (call, callback) => callback(null, {})),
  };

  const faults: FaultsServer = {
    addRule: (call, callback) => {
      added += 1;
      const rule: FaultRule = {
        id: `r${added}`,
        origin: 'runtime',
        description: 'Controller.Start 1*error(UNAVAILABLE: injected)',
        ruleJson: JSON.stringify(JSON.parse(call.request.rule)),
        hits: 0,
      };
      rules.push(rule);
      callback(null, { rule });
    },
    listRules: (_call, callback) => callback(null, { rules }),
    removeRule: (call, callback) => {
      const index = rules.findIndex((rule) => rule.id === call.request.id);
      if (index < 0) return callback({ code: status.NOT_FOUND, details: 'no such rule' });
      rules.splice(index, 1);
      callback(null, {});
    },
    clearRules: (_call, callback) => callback(null, { removed: rules.splice(0).length }),
  };

  const unimplemented = (_call: unknown, callback: sendUnaryData<never>) =>
    callback({ code: status.UNIMPLEMENTED, details: 'not here' });
  const inspect: UntypedServiceImplementation = {
    ...Object.fromEntries(Object.keys(InspectService).map((method) => [method, unimplemented])),
    listCalls: (
      call: ServerUnaryCall<ListCallsRequest, ListCallsResponse>,
      callback: sendUnaryData<ListCallsResponse>,
    ) => {
      const { afterSeq, filter } = call.request;
      const calls = log.filter(
        (entry) =>
          entry.seq > afterSeq &&
          entry.sandboxId.startsWith(filter?.sandboxId ?? '') &&
          entry.containerId.startsWith(filter?.containerId ?? '') &&
          (!filter?.method || `${entry.service}.${entry.method}` === filter.method),
      );
      callback(null, { calls, oldestSeq: 1, nextAfterSeq: log.length });
    },
  };

  const server = new Server();
  server.addService(ControllerService, controller);
  server.addService(FaultsService, faults);
  server.addService(InspectService, inspect);
  await new Promise<void>((resolve, reject) =>
    server.bindAsync(`unix:${socket}`, ServerCredentials.createInsecure(), (error) =>
      error ? reject(error) : resolve(),
    ),
  );
  t.teardown(async () => {
    server.forceShutdown();
    fs.rmSync(tmp, { recursive: true, force: true });
  });
  return { socket, sandboxes, rules };
}
