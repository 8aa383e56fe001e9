import { credentials, status, type Client } from '@grpc/grpc-js';
import { FaultsClient, type FaultRule } from '../generated/resourceslot/v1/faults.js';
import {
  InspectClient,
  type CallFilter,
  type CallRecord,
  type ListCallsResponse,
} from '../generated/resourceslot/v1/inspect.js';
import type { PlanRule } from './fault-plan-file.js';
import { codeName, codeOfError, describeFailure, unaryCall, type UnaryMethod } from './rpc.js';

/** The sandboxer cannot take the plan: it lacks the Faults service or the call log, or refused a rule. */
export class FaultPlanRefused extends Error {}

/**
 * The sandboxer's fault plan and call log (resourceslot.v1.Faults and Inspect.ListCalls, on the Controller
 * socket): installs the plan's rules, reads what was injected, and removes exactly the rules it added.
 */
export class SandboxerFaults {
  private readonly faults: FaultsClient;
  private readonly inspect: InspectClient;
  private readonly added: FaultRule[] = [];
  /** The added rules not removed yet. */
  private readonly toRemove: FaultRule[] = [];
  private inForce: FaultRule[] = [];
  /** The call log's last call before the plan was installed: the run's calls come after it. */
  private startSeq = 0;

  constructor(
    private readonly socket: string,
    private readonly timeoutMs: number,
  ) {
    this.faults = new FaultsClient(`unix:${socket}`, credentials.createInsecure());
    this.inspect = new InspectClient(`unix:${socket}`, credentials.createInsecure());
  }

  /** The rules the run added, as the sandboxer answered them (with their ids). */
  get rules(): readonly FaultRule[] {
    return this.added;
  }

  /** Every rule of the sandboxer's plan once the run's were added (its own from --faults too). */
  get rulesInForce(): readonly FaultRule[] {
    return this.inForce;
  }

  /**
   * Makes sure the sandboxer serves both services before touching its plan, then adds each rule in order. On a
   * refusal the rules added so far stay recorded, so `removeAdded()` still takes them out.
   */
  async install(rules: readonly PlanRule[], runIdPrefix: string): Promise<void> {
    await this.probe('Faults', 'ListRules', () => this.unary(this.faults, this.faults.listRules, {}));
    // The run has made no call yet: the answer is empty and says where the log stands.
    const { nextAfterSeq } = await this.probe('Inspect', 'ListCalls', () =>
      this.listCallsPage({ sandboxId: runIdPrefix, containerId: '', method: '' }, 0),
    );
    this.startSeq = nextAfterSeq;
    for (const rule of rules) {
      try {
        const { rule: added } = await this.unary(this.faults, this.faults.addRule, { rule: rule.text });
        if (!added) throw new FaultPlanRefused(`${rule.where}: AddRule answered without the rule it added`);
        this.added.push(added);
        this.toRemove.push(added);
      } catch (error) {
        if (error instanceof FaultPlanRefused) throw error;
        throw new FaultPlanRefused(
          `${rule.where}: ${describeFailure('the sandboxer refused it: AddRule', error)}`,
        );
      }
    }
    this.inForce = (await this.unary(this.faults, this.faults.listRules, {})).rules;
  }

  /** Removes the rules the run added, newest first; answers what could not be removed. */
  async removeAdded(): Promise<string[]> {
    const problems: string[] = [];
    for (const rule of this.toRemove.splice(0).reverse()) {
      try {
        await this.unary(this.faults, this.faults.removeRule, { id: rule.id });
      } catch (error) {
        if (codeOfError(error) === status.NOT_FOUND) continue;
        problems.push(`cleanup: ${describeFailure(`RemoveRule ${rule.id}`, error)}`);
      }
    }
    return problems;
  }

  /**
   * The held calls matching `filter` (an id filter matches by prefix) that came after the plan was installed, and
   * how many calls of that time the log no longer holds (its size is the sandboxer's --call-log-size).
   */
  async callsSinceInstall(filter: CallFilter): Promise<{ calls: CallRecord[]; dropped: number }> {
    const page = await this.listCallsPage(filter, this.startSeq);
    return { calls: page.calls, dropped: Math.max(0, page.oldestSeq - this.startSeq - 1) };
  }

  close(): void {
    this.faults.close();
    this.inspect.close();
  }

  private listCallsPage(filter: CallFilter, afterSeq: number): Promise<ListCallsResponse> {
    return this.unary(this.inspect, this.inspect.listCalls, { afterSeq, limit: 0, filter });
  }

  private async probe<T>(service: string, method: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      const code = codeOfError(error);
      const why =
        code === status.UNIMPLEMENTED
          ? `it does not serve resourceslot.v1.${service} (${method} answered ${codeName(code)})`
          : describeFailure(method, error);
      throw new FaultPlanRefused(`${this.socket} cannot take a fault plan: ${why}`);
    }
  }

  private unary<Req, Res>(client: Client, method: UnaryMethod<Req, Res>, request: Req): Promise<Res> {
    return unaryCall(method.bind(client), request, this.timeoutMs).answer;
  }
}
