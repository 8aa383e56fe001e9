// --eviction-hard parsing, in kubelet's words (pkg/kubelet/eviction/helpers.go).
import t from 'tap';
import { DEFAULT_EVICTION_HARD, parseEvictionHard } from '../../src/node/eviction.js';

t.test("kubelet's default parses into four thresholds", async (t) => {
  const parsed = parseEvictionHard(DEFAULT_EVICTION_HARD);
  if (typeof parsed === 'string') throw new Error(parsed);
  t.strictSame(
    parsed.map((threshold) => `${threshold.signal}<${threshold.text}`),
    ['memory.available<100Mi', 'nodefs.available<10%', 'nodefs.inodesFree<5%', 'imagefs.available<15%'],
  );
});

t.test('statements kubelet refuses', async (t) => {
  const refused: Array<[string, string]> = [
    [
      'memory.available=100Mi',
      '--eviction-hard: malformed pair "memory.available=100Mi", expect signal<value',
    ],
    ['cpu.available<1', '--eviction-hard: unsupported eviction signal cpu.available'],
    ['memory.available<0', '--eviction-hard: eviction threshold memory.available must be positive: 0'],
    ['memory.available<-1Mi', '--eviction-hard: eviction threshold memory.available must be positive: -1Mi'],
    [
      'nodefs.available<101%',
      '--eviction-hard: eviction percentage threshold nodefs.available must be <= 100%: 101%',
    ],
    [
      'nodefs.available<-5%',
      '--eviction-hard: eviction percentage threshold nodefs.available must be >= 0%: -5%',
    ],
    ['nodefs.available<ten%', '--eviction-hard: invalid percentage "ten%" for nodefs.available'],
  ];
  for (const [text, message] of refused) t.equal(parseEvictionHard(text), message, text);
});

t.test('spaces around a statement are trimmed; empty items are skipped', async (t) => {
  const parsed = parseEvictionHard(' memory.available < 1Gi ,,pid.available<100');
  if (typeof parsed === 'string') throw new Error(parsed);
  t.strictSame(
    parsed.map((threshold) => [threshold.signal, threshold.text]),
    [
      ['memory.available', '1Gi'],
      ['pid.available', '100'],
    ],
  );
});
