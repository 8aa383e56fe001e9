/**
 * Fault injection against a real containerd 2.2.9 + crictl (docs/faults.md): a RunPodSandbox that fails once and
 * succeeds when retried, a Start delayed for one pod only, and a runtime outage that containerd's own listing
 * survives.
 */
import t from 'tap';
import { ctlOk } from '../ctl/run-ctl.js';
import { RUNTIME_HANDLER } from './containerd-config.js';
import { podConfig, type PodsOutput } from './cri-configs.js';
import { startStack, type Stack } from './stack.js';
import { withTools } from './tools.js';

function runp(stack: Stack, name: string, annotations: Record<string, string> = {}) {
  const file = stack.writeJson(`${name}-pod.json`, podConfig(stack.tmp, name, {}, annotations));
  return stack.crictl('runp', '--runtime', RUNTIME_HANDLER, file);
}

withTools(t, 'fault injection through a real containerd', (tools) => {
  t.test('fault injection through a real containerd', async (t) => {
    const stack = await startStack(t, tools);

    await t.test(
      'a Create failpoint: crictl runp fails with the injected message once, then succeeds',
      async (t) => {
        const annotations = { 'resource-slot.io/failpoint.Create': '1*error(UNAVAILABLE: injected once)' };
        const first = await runp(stack, 'flaky', annotations);
        t.not(first.code, 0, 'the first runp fails');
        t.match(first.stderr, /injected once/, 'with the injected message');
        const retry = await runp(stack, 'flaky', annotations);
        t.equal(
          retry.code,
          0,
          retry.code === 0 ? 'the retry (a new sandbox id, the same pod) succeeds' : retry.stderr,
        );
        const pods = await stack.crictlJson<PodsOutput>('pods', '-o', 'json');
        t.equal(pods.items.filter((pod) => pod.metadata.name === 'flaky').length, 1, 'one flaky pod, ready');
      },
    );

    await t.test("a delay on Start holds that pod's runp only", async (t) => {
      const began = Date.now();
      const slow = runp(stack, 'slow', { 'resource-slot.io/failpoint.Start': '1*delay(2000)' }).then(
        (result) => ({
          result,
          ms: Date.now() - began,
        }),
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      const quickBegan = Date.now();
      const quick = await runp(stack, 'quick');
      const quickMs = Date.now() - quickBegan;
      const { result, ms } = await slow;
      t.equal(result.code, 0, result.code === 0 ? 'the delayed runp succeeds' : result.stderr);
      t.ok(ms >= 2000, `the delayed runp took ${ms} ms (>= 2000)`);
      t.equal(quick.code, 0, quick.code === 0 ? 'the other runp succeeds' : quick.stderr);
      t.ok(quickMs < 1800, `the other pod's runp took ${quickMs} ms while the first was held`);
    });

    await t.test(
      'a sandbox that dies: containerd sees its Wait end and shows the pod NotReady',
      async (t) => {
        const started = await runp(stack, 'dying', {
          'resource-slot.io/sandbox-exit-after': '1s',
          'resource-slot.io/sandbox-exit-code': '137',
        });
        t.equal(started.code, 0, started.code === 0 ? 'runp succeeds' : started.stderr);
        const state = async () =>
          (await stack.crictlJson<PodsOutput>('pods', '-o', 'json')).items.find(
            (pod) => pod.metadata.name === 'dying',
          )?.state;
        t.equal(await state(), 'SANDBOX_READY', 'ready at first');
        const deadline = Date.now() + 10_000;
        while ((await state()) !== 'SANDBOX_NOTREADY' && Date.now() < deadline)
          await new Promise((resolve) => setTimeout(resolve, 100));
        t.equal(await state(), 'SANDBOX_NOTREADY', 'not ready once it died, with no call made');
      },
    );

    await t.test(
      'a runtime outage: crictl pods still lists, runp fails with the message, then recovers',
      async (t) => {
        await ctlOk(stack.sandboxerSocket, ['fault', 'add', '{name: outage, outage: {for: 1h}}']);
        const listed = await stack.crictl('pods');
        t.equal(listed.code, 0, 'crictl pods answers (from containerd)');
        t.match(listed.stdout, /quick/);
        const failed = await runp(stack, 'during-outage');
        t.not(failed.code, 0);
        t.match(failed.stderr, /runtime outage injected by rule outage/);
        await ctlOk(stack.sandboxerSocket, ['fault', 'rm', 'outage']);
        const after = await runp(stack, 'after-outage');
        t.equal(after.code, 0, after.code === 0 ? 'runp works again' : after.stderr);
        const calls = await ctlOk(stack.sandboxerSocket, [
          'calls',
          '--method',
          'Controller.Create',
          '-o',
          'json',
        ]);
        const items = (JSON.parse(calls) as { items: Array<{ code: string; fault: string }> }).items;
        t.ok(
          items.some((call) => call.code === 'UNAVAILABLE' && /outage/.test(call.fault)),
          'the call log holds the refused Create with its rule',
        );
      },
    );
  });
});
