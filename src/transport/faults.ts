import type { Logger } from 'pino';
import { NotFoundError } from '../core/errors.js';
import type { FaultRuleView, FaultRules } from '../faults/types.js';
import type { FaultRule, FaultsServer } from '../generated/resourceslot/v1/faults.js';
import { unaryHandler } from './unary.js';

/** resourceslot.v1.Faults: the daemon's fault plan at run time (docs/faults.md). */
export function faultsService({ faults, log }: { faults: FaultRules; log: Logger }): FaultsServer {
  const unary = unaryHandler(log, (request): Record<string, string> => {
    const { id } = request as { id?: unknown };
    return typeof id === 'string' && id !== '' ? { ruleId: id } : {};
  });
  return {
    addRule: unary('AddRule', async ({ rule }) => ({ rule: faultRuleOf(faults.add(rule)) })),
    listRules: unary('ListRules', async () => ({ rules: faults.list().map(faultRuleOf) })),
    removeRule: unary('RemoveRule', async ({ id }) => {
      if (!faults.remove(id)) throw new NotFoundError(`no fault rule has id ${JSON.stringify(id)}`);
      return {};
    }),
    clearRules: unary('ClearRules', async () => ({ removed: faults.clear() })),
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
