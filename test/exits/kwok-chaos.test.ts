import t from 'tap';
import { KWOK_CHAOS_STAGE, kwokChaosFor, validateKwokChaos } from '../../src/exits/kwok-chaos.js';

const labelled = { [KWOK_CHAOS_STAGE]: 'true' };
const key = (name: string): string => `${KWOK_CHAOS_STAGE}/${name}`;

t.test('a pod without the stage label is not touched, whatever its annotations', async (t) => {
  const annotations = { [key('exit-code')]: '7' };
  t.equal(kwokChaosFor({ labels: {}, annotations, seed: 'u' }, 'app', 1), null);
  t.equal(kwokChaosFor({ labels: { [KWOK_CHAOS_STAGE]: 'false' }, annotations, seed: 'u' }, 'app', 1), null);
  t.doesNotThrow(() => validateKwokChaos({}, { [key('delay')]: 'soon' }), 'unlabelled: not validated');
});

t.test("KWOK's defaults: every container fails after 1 s with exit code 1", async (t) => {
  for (const container of ['app', 'sidecar'])
    t.same(kwokChaosFor({ labels: labelled, annotations: {}, seed: 'u' }, container, 1), {
      afterMs: 1000,
      exitStatus: 1,
    });
});

t.test('container-name, exit-code and delay annotations', async (t) => {
  const annotations = { [key('container-name')]: 'db', [key('exit-code')]: '3', [key('delay')]: '250ms' };
  const pod = { labels: labelled, annotations, seed: 'u' };
  t.equal(kwokChaosFor(pod, 'app', 1), null, 'another container keeps running');
  const end = kwokChaosFor(pod, 'db', 1);
  t.equal(end?.exitStatus, 3, 'its exit code');
  const afterMs = end?.afterMs ?? -1;
  t.ok(afterMs >= 250 && afterMs < 1000, `between delay and the default jitter-delay (1 s): ${afterMs}`);
});

t.test("jitter-delay is KWOK's upper bound: delay + a seeded draw below jitter - delay", async (t) => {
  const annotations = { [key('delay')]: '1s', [key('jitter-delay')]: '3s' };
  const draws = [1, 2, 3, 4, 5, 6, 7, 8].map(
    (run) => kwokChaosFor({ labels: labelled, annotations, seed: 'uid-1' }, 'app', run)?.afterMs ?? -1,
  );
  t.ok(
    draws.every((ms) => ms >= 1000 && ms < 3000),
    `every draw in [1 s, 3 s): ${draws.join(', ')}`,
  );
  t.ok(new Set(draws).size > 1, 'runs draw different delays');
  const again = kwokChaosFor({ labels: labelled, annotations, seed: 'uid-1' }, 'app', 3)?.afterMs;
  t.equal(again, draws[2], 'the same pod, container and run draw the same delay (a restart re-arms it)');
  const short = { [key('delay')]: '2s', [key('jitter-delay')]: '500ms' };
  t.equal(kwokChaosFor({ labels: labelled, annotations: short, seed: 'u' }, 'app', 1)?.afterMs, 500);
});

t.test('bad values of a labelled pod name their key', async (t) => {
  const cases: Array<[string, string, RegExp]> = [
    ['delay', 'soon', /stage\.kwok\.x-k8s\.io\/delay.*bad duration/],
    ['jitter-delay', '10', /jitter-delay.*unit is missing/],
    ['exit-code', '300', /exit-code.*0 to 255/],
  ];
  for (const [name, value, message] of cases)
    t.throws(() => validateKwokChaos(labelled, { [key(name)]: value }), {
      kind: 'InvalidArgument',
      message,
    });
});
