/**
 * resourceslot.v1.Planning (docs/planning.md): Cost reads the actors as they are now and the usage model, Plan the
 * node's allocatable and what is held; both are computed by pure code (src/cost/, src/plan/) and change nothing.
 */
import type { Logger } from 'pino';
import type { Registries } from '../../machines/registries.js';
import { allocatableAmounts } from '../cost/allocatable.js';
import { computeCost } from '../cost/compute.js';
import { pricesOrSample } from '../cost/sample-prices.js';
import { windowSince } from '../cost/window.js';
import type { PlanningServer } from '../generated/resourceslot/v1/planning.js';
import { livePods } from '../inspect/live-pods.js';
import type { NodeAdmission } from '../node/admission.js';
import { sumShares } from '../node/allocation.js';
import { podShare } from '../node/pod-share.js';
import { planAnswer } from '../plan/plan.js';
import { planNodeOf } from '../plan/plan-node.js';
import { requestsOfText } from '../plan/request-text.js';
import type { UsageSampler } from '../workload/sampler.js';
import { costInput } from './cost-input.js';
import { costResponseOf } from './cost-response.js';
import { unaryHandler } from './unary.js';

export interface PlanningDeps {
  registries: Registries;
  usage: UsageSampler;
  node: NodeAdmission;
  log: Logger;
}

const PRICES_SOURCE = 'the request';

export function planningService({ registries, usage, node, log }: PlanningDeps): PlanningServer {
  const unary = unaryHandler(log, () => ({}));
  return {
    cost: unary('Cost', async ({ prices, since }) => {
      const parsed = pricesOrSample(prices, PRICES_SOURCE);
      const window = windowSince(since, usage.now());
      const input = costInput(registries, usage, allocatableAmounts(node.spec.allocatable), window);
      return costResponseOf(computeCost(input, parsed));
    }),
    plan: unary('Plan', async ({ requests, replicas, prices }) => {
      const parsed = pricesOrSample(prices, PRICES_SOURCE);
      const holding = livePods(registries).filter((pod) => pod.holding);
      const allocated = sumShares(
        holding.map((pod) =>
          podShare(
            pod.resources,
            pod.containers.map((c) => c.resources),
          ),
        ),
      );
      return planAnswer(requestsOfText(requests), replicas, planNodeOf(node.spec, allocated), parsed);
    }),
  };
}
