import t from 'tap';
import { codeOf, startDaemon, sandboxDirs } from '../helpers/daemon.js';
import { controllerCalls, createRequest, status } from '../helpers/requests.js';

t.test('200 concurrent Creates of distinct ids all succeed', async (t) => {
  const daemon = await startDaemon(t);
  const api = controllerCalls(daemon.controller);
  const ids = Array.from({ length: 200 }, (_, index) => `pod-${index}`);
  const codes = await Promise.all(ids.map((id) => codeOf(api.create(createRequest(id)))));
  t.same(
    codes,
    ids.map(() => 0),
  );
  t.same(sandboxDirs(daemon.dir).sort(), [...ids].sort(), 'one directory per sandbox');
  const states = await Promise.all(ids.map((id) => api.status(id).then((response) => response.state)));
  t.ok(states.every((state) => state === 'SANDBOX_NOTREADY'));
});

t.test('20 concurrent Creates of one id give exactly one success', async (t) => {
  const daemon = await startDaemon(t);
  const api = controllerCalls(daemon.controller);
  const codes = await Promise.all(
    Array.from({ length: 20 }, () => codeOf(api.create(createRequest('same-id')))),
  );
  t.equal(codes.filter((code) => code === 0).length, 1);
  t.equal(codes.filter((code) => code === status.ALREADY_EXISTS).length, 19);
});
