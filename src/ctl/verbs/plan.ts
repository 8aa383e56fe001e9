import type { PlanResponse } from '../../generated/resourceslot/v1/planning.js';
import { parseResourceList } from '../../node/resource-list.js';
import { planAnswer } from '../../plan/plan.js';
import { emptyNodeOf } from '../../plan/plan-node.js';
import type { PodAsk } from '../../plan/pod-ask.js';
import { requestsText } from '../../plan/request-text.js';
import { renderCsv } from '../csv.js';
import { UsageError } from '../errors.js';
import { print } from '../output.js';
import { readPlanFiles } from '../plan-files.js';
import { costLines, costRows, COST_HEADER, ROOM_HEADER, roomRows, verdictLines } from '../plan-view.js';
import { readPricesFile, type PricesFile } from '../prices-file.js';
import { renderTable } from '../table.js';
import { text, type OptionValues, type Verb } from '../verb.js';

const RESOURCE_NAME = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

function replicasOf(values: OptionValues, ask: PodAsk): number {
  const given = text(values, 'replicas');
  if (given === undefined) return ask.replicas ?? 1;
  if (!/^\d+$/.test(given) || Number(given) > 1_000_000)
    throw new UsageError(`--replicas must be a whole number from 0 to 1000000, got ${JSON.stringify(given)}`);
  return Number(given);
}

/** --capacity: the node asked about instead of the daemon's, with nothing on it. */
function localPlan(capacityText: string, ask: PodAsk, replicas: number, prices: PricesFile): PlanResponse {
  const capacity = parseResourceList(capacityText, {
    flag: '--capacity',
    accepts: (name) => RESOURCE_NAME.test(name),
    refusal: (name) => `${JSON.stringify(name)} is not a Kubernetes resource name`,
  });
  if (typeof capacity === 'string') throw new UsageError(capacity);
  for (const required of ['cpu', 'memory'])
    if (!capacity.has(required)) throw new UsageError(`--capacity must name ${required}`);
  return planAnswer(ask.requests, replicas, emptyNodeOf(capacity).node, prices.prices);
}

export const plan: Verb = {
  name: 'plan',
  args: 'FILE [CONTAINER_CONFIG...]',
  summary:
    'whether more pods would fit the node (or a --capacity), how many, what binds first, and their cost',
  description:
    'FILE is a Kubernetes Pod or Deployment (YAML or JSON), or a crictl pod config followed by its container\n' +
    "configs. The pod's requests are added up as Kubernetes does (containers summed, init containers' maximum,\n" +
    "overhead added) and checked by kubelet's fit rule against the daemon's allocatable less what its pods hold\n" +
    "now, or against --capacity (allocatable computed as the daemon would: kubelet's default eviction thresholds,\n" +
    'nothing reserved, pods 110 unless given; no daemon is asked). The cost is at the requests, with the prices\n' +
    "of cost. Nothing changes on the daemon. --replicas defaults to the Deployment's, else 1.",
  options: { replicas: { type: 'string' }, capacity: { type: 'string' }, prices: { type: 'string' } },
  optionHelp: [
    ['--replicas N', "how many pods to place (default: the Deployment's spec.replicas, else 1)"],
    ['--capacity LIST', "a node to plan for instead of the daemon's, e.g. cpu=4,memory=8Gi,pods=110"],
    ['--prices FILE', 'hourly prices, as for cost'],
  ],
  minArgs: 1,
  maxArgs: 64,
  defaultOutput: 'table',
  outputs: ['table', 'json', 'yaml', 'csv'],
  async run({ api, io, output }, files, values) {
    const ask = await readPlanFiles(files);
    const replicas = replicasOf(values, ask);
    const prices = await readPricesFile(text(values, 'prices'));
    const capacity = text(values, 'capacity');
    const answer =
      capacity === undefined
        ? await api.plan({
            name: ask.name,
            requests: requestsText(ask.requests),
            replicas,
            prices: prices.text,
          })
        : localPlan(capacity, ask, replicas, prices);
    const node =
      capacity === undefined ? "the daemon's, with what its pods hold now" : `--capacity ${capacity}`;
    if (output === 'csv') return io.stdout(renderCsv(ROOM_HEADER, roomRows(answer)));
    const requests = requestsText(ask.requests);
    if (output !== 'table')
      return print(io, output, { pod: ask.name, requests, ...answer }, () => ({ header: [], rows: [] }));
    const asked = Object.entries(requests)
      .map(([name, amount]) => `${name}=${amount}`)
      .join(', ');
    io.stdout(
      renderTable(
        [],
        [
          ['Pod:', `${ask.name || '(no name)'}, ${replicas} asked, each requesting ${asked || 'nothing'}`],
          ...verdictLines(answer, node),
        ],
      ),
    );
    io.stdout('\n' + renderTable(ROOM_HEADER, roomRows(answer)));
    io.stdout('\n' + renderTable(COST_HEADER, costRows(answer)));
    io.stdout('\n' + renderTable([], costLines(answer, prices.source)));
  },
};
