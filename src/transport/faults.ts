import type { Logger } from 'pino';
import { NotFoundError, UnimplementedError } from '../core/errors.js';
import type { FaultRuleView, FaultRules } from '../faults/types.js';
import type { FaultRule, FaultsServer } from '../generated/resourceslot/v1/faults.js';
import { unaryHandler } from './unary.js';

export const FAULTS_NOT_CONFIGURED = 'fault rules are not configured in this daemon';

/**
 * resourceslot.v1.Faults: the daemon's fault plan at run time. Without a plan every call is UNIMPLEMENTED, so a
 * client learns that rules cannot apply here rather than adding one that would never fire.
 */
export function faultsService({
  faults,
  log,
}: {
  faults: FaultRules | undefined;
  log: Logger;
}): FaultsServer {
  const unary = unaryHandler(log, (request): Record<string, string> => {
    const { id } = request as { id?: unknown };
    return typeof id === 'string' && id !== '' ? { ruleId: id } : {};
  });
  const plan = (): FaultRules => {
    if (!faults) throw new UnimplementedError(FAULTS_NOT_CONFIGURED);
    return faults;
  };
  return {
    addRule: unary('AddRule', async ({ rule }) => ({ rule: faultRuleOf(plan().add(rule)) })),
    listRules: unary('ListRules', async () => ({ rules: plan().list().map(faultRuleOf) })),
    removeRule: unary('RemoveRule', async ({ id }) => {
      if (!plan().remove(id)) throw new NotFoundError(`no fault rule has id ${JSON.stringify(id)}`);
      return {};
    }),
    clearRules: unary('ClearRules', async () => ({ removed: plan().clear() })),
  };
}

function faultRuleOf(view: FaultRuleView): FaultRule {
  return {
    id: view.id,
    origin: view.origin,
    description: view.description,
    ruleJson: view.ruleJson,
    hits: view.hits,
  };
}
