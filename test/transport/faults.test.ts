// resourceslot.v1.Faults in a real daemon (in process, real socket): it edits the fault plan the daemon was given,
// and says so plainly when it was given none.
import { credentials, status, type ServiceError } from '@grpc/grpc-js';
import t from 'tap';
import {
  FaultsClient,
  type AddRuleResponse,
  type ClearRulesResponse,
  type ListRulesResponse,
  type RemoveRuleResponse,
} from '../../src/generated/resourceslot/v1/faults.js';
import { unary } from '../helpers/daemon.js';
import { FakeFaultRules } from '../helpers/fake-fault-rules.js';
import { startInProcessDaemon } from '../helpers/in-process-daemon.js';

function faultsApi(socket: string, t: { teardown(fn: () => unknown): void }) {
  const client = new FaultsClient(`unix:${socket}`, credentials.createInsecure());
  t.teardown(() => client.close());
  return {
    add: (rule: string) => unary<AddRuleResponse>((done) => client.addRule({ rule }, done)),
    list: () => unary<ListRulesResponse>((done) => client.listRules({}, done)),
    remove: (id: string) => unary<RemoveRuleResponse>((done) => client.removeRule({ id }, done)),
    clear: () => unary<ClearRulesResponse>((done) => client.clearRules({}, done)),
  };
}

t.test('AddRule, ListRules, RemoveRule and ClearRules edit the plan the daemon was given', async (t) => {
  const faults = new FakeFaultRules();
  faults.addFromFile('file-1', 'Controller.Create delay(50ms)', 3);
  const { socket } = await startInProcessDaemon(t, { faults });
  const api = faultsApi(socket, t);

  const { rule } = await api.add('method: Start\nerror: UNAVAILABLE\n');
  t.strictSame(rule, {
    id: 'r1',
    origin: 'runtime',
    description: 'Start error(UNAVAILABLE)',
    ruleJson: '{"method":"Start","error":"UNAVAILABLE"}',
    hits: 0,
  });
  t.equal((await api.add('{"method": "Kill"}')).rule?.id, 'r2', 'JSON is a rule too');
  t.strictSame(
    (await api.list()).rules.map((listed) => [listed.id, listed.origin, listed.hits]),
    [
      ['file-1', 'file', 3],
      ['r1', 'runtime', 0],
      ['r2', 'runtime', 0],
    ],
  );
  t.strictSame(faults.list().length, 3, 'the daemon edited the very plan it was given');

  t.strictSame(await api.remove('r1'), {});
  t.strictSame(
    (await api.list()).rules.map((listed) => listed.id),
    ['file-1', 'r2'],
  );
  t.equal((await api.clear()).removed, 2);
  t.strictSame((await api.list()).rules, []);
  t.equal((await api.clear()).removed, 0, 'clearing nothing removes nothing');
});

t.test('RemoveRule of an unknown id is NOT_FOUND naming the id', async (t) => {
  const { socket } = await startInProcessDaemon(t, { faults: new FakeFaultRules() });
  const error = (await faultsApi(socket, t)
    .remove('nope-7')
    .catch((caught: unknown) => caught)) as ServiceError;
  t.equal(error.code, status.NOT_FOUND);
  t.equal(error.details, 'no fault rule has id "nope-7"');
});

t.test("AddRule fails as the plan's add throws: INVALID_ARGUMENT naming the field", async (t) => {
  const faults = new FakeFaultRules();
  const { socket } = await startInProcessDaemon(t, { faults });
  const error = (await faultsApi(socket, t)
    .add('error: UNAVAILABLE')
    .catch((caught: unknown) => caught)) as ServiceError;
  t.equal(error.code, status.INVALID_ARGUMENT);
  t.equal(error.details, 'rule.method: is required');
  t.strictSame(faults.list(), [], 'nothing was added');
});

t.test('a daemon given no fault plan has an empty one, which the Faults service edits', async (t) => {
  const { socket } = await startInProcessDaemon(t);
  const api = faultsApi(socket, t);
  t.same((await api.list()).rules, []);
  const added = (await api.add('{"methods": ["Start"], "failpoint": "1*error(x)"}')).rule;
  t.match(added, { id: 'r1', origin: 'runtime' });
  t.equal((await api.list()).rules.length, 1);
  t.equal((await api.clear()).removed, 1);
});
