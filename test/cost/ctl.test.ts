// `resource-slot-ctl cost`: the same fixed-clock scenario as rpc.test.ts, as a table, JSON and CSV.
import t from 'tap';
import { ctl, ctlOk, tableRows } from '../ctl/run-ctl.js';
import { costScenario, fixture } from './scenario.js';

t.test('cost as a table, JSON and CSV', async (t) => {
  const { socket } = await costScenario(t);
  const prices = ['--prices', fixture('prices.yaml'), '--since', '2h'];

  t.test('table: summary, a row per container, per namespace, and the node with idle apart', async (t) => {
    const [summary, containers, namespaces, node, notes] = (await ctlOk(socket, ['cost', ...prices])).split(
      '\n\n',
    );
    t.same(tableRows(summary ?? ''), [
      ['Window:', '2025-01-01T00:00:00.000Z to 2025-01-01T02:00:00.000Z (2 h)'],
      ['Prices:', `USD per unit-hour, ${fixture('prices.yaml')}`],
      ['Unpriced:', 'hugepages-2Mi'],
    ]);
    const head = ['CPU (core-hours)', 'MEMORY (GiB-hours)', 'HUGEPAGES-2MI (GiB-hours, UNPRICED)', 'COST'];
    t.same(tableRows(containers ?? ''), [
      ['NAMESPACE', 'POD', 'CONTAINER', 'HOURS', ...head],
      ['jobs', 'batch', 'worker', '1', '1', '1', '0.003906', '0.75'],
      ['shop', 'web', 'app', '2', '1.5', '1', '-', '1'],
    ]);
    t.same(tableRows(namespaces ?? ''), [
      ['NAMESPACE', ...head],
      ['jobs', '1', '1', '0.003906', '0.75'],
      ['shop', '1.5', '1', '-', '1'],
    ]);
    t.same(tableRows(node ?? ''), [
      ['NODE', ...head],
      ['allocated', '2.5', '2', '0.003906', '1.75'],
      ['idle', '6', '14', '-', '6.5'],
      ['allocatable', '8', '16', '-', '8'],
    ]);
    t.match(notes, /^Note: Pods and containers deleted before now are not known/);
  });

  t.test('json is the Cost answer', async (t) => {
    const report = JSON.parse(await ctlOk(socket, ['cost', ...prices, '-o', 'json'])) as Record<
      string,
      unknown
    >;
    t.same(Object.keys(report).sort(), [
      'allocatable',
      'allocated',
      'currency',
      'end',
      'hours',
      'idle',
      'namespaces',
      'notes',
      'pods',
      'start',
      'unpriced',
    ]);
    t.match(report, {
      currency: 'USD',
      hours: 2,
      allocated: { total: 1.75 },
      idle: { name: 'idle', total: 6.5 },
    });
  });

  t.test('csv: one record per container and resource, idle as __idle__', async (t) => {
    const csv = await ctlOk(socket, ['cost', ...prices, '-o', 'csv']);
    t.ok(csv.endsWith('\r\n'));
    const [header, ...records] = csv
      .trimEnd()
      .split('\r\n')
      .map((line) => line.split(','));
    t.same(header, [
      ...['namespace', 'pod', 'sandbox_id', 'container', 'container_id', 'start', 'end', 'hours'],
      ...['resource', 'unit', 'requested', 'used', 'charged', 'priced', 'price', 'cost', 'currency'],
    ]);
    const column = (name: string) => (header ?? []).indexOf(name);
    t.same(
      records.map((r) => [
        r[column('namespace')],
        r[column('container')],
        r[column('resource')],
        r[column('cost')],
      ]),
      [
        ['jobs', 'worker', 'cpu', '0.5'],
        ['jobs', 'worker', 'memory', '0.25'],
        ['jobs', 'worker', 'hugepages-2Mi', '0'],
        ['shop', 'app', 'cpu', '0.75'],
        ['shop', 'app', 'memory', '0.25'],
        ['__idle__', '', 'cpu', '3'],
        ['__idle__', '', 'memory', '3.5'],
      ],
    );
    t.equal(records[2]?.[column('priced')], 'false', 'hugepages are unpriced, not free');
  });

  t.test(
    'a bad price file is named with its field; csv is refused where a verb has no records',
    async (t) => {
      const bad = await ctl(socket, ['cost', '--prices', fixture('web-pod.yaml')]);
      t.equal(bad.code, 1);
      t.match(
        bad.stderr,
        `resource-slot-ctl cost: INVALID_ARGUMENT: ${fixture('web-pod.yaml')}: prices.metadata: unknown field`,
      );
      const pods = await ctl(socket, ['pods', '-o', 'csv']);
      t.equal(pods.code, 2);
      t.match(pods.stderr, /--output must be one of table, json, yaml, got "csv"/);
    },
  );
});
