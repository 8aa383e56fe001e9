import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { startDaemon } from '../helpers/daemon.js';
import { controllerCalls, createRequest, podConfig } from '../helpers/requests.js';
import { taskCalls, taskClient, writeBundle } from '../helpers/tasks.js';
import { freePort } from '../debug/helpers/free-port.js';
import { CallLog, type UnnumberedCall } from '../../src/calls/call-log.js';
import { startInProcessDaemon } from '../helpers/in-process-daemon.js';
import { ctlOk } from '../ctl/run-ctl.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

if (!fs.existsSync(CHROMIUM)) {
  const reason = `${CHROMIUM} is missing: the real-browser test of the debug page did NOT run (install it with test/browser/install-chromium.sh)`;
  process.stderr.write(`\n!!! ${reason}\n\n`);
  if (process.env.CI === 'true') t.fail(`${reason}; under CI=true this is a failure`);
  else t.test('the debug page in a real browser', { skip: reason }, async () => {});
} else {
  t.test('the debug page shows a sandbox appear and change state live, in a real browser', async (t) => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const daemon = await startDaemon(t, ['--debug-listen', `127.0.0.1:${port}`]);
    const calls = controllerCalls(daemon.controller);
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    t.teardown(() => browser.close());
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const requested: string[] = [];
    const problems: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });

    await page.goto(base);
    await page.waitForSelector('#status.live');
    t.equal(await page.locator('#actors tbody tr').count(), 0, 'no actors yet');

    await calls.create(createRequest('sb-browser', podConfig({ cpuQuota: 25_000, cpuPeriod: 100_000 })));
    const row = page.locator('#actors tbody tr[data-id="sb-browser"]');
    await row.and(page.locator('[data-state="created"]')).waitFor();
    await page.waitForSelector('#sandbox-state-created[data-count="1"]');
    await page.waitForFunction(() =>
      document
        .querySelector('tr[data-id="sb-browser"] td.resources')
        ?.textContent?.includes('cpu_limit=250m'),
    );
    t.pass('the new sandbox appears with its resources, counted on the created state');

    const started = await calls.start('sb-browser');
    await row.and(page.locator('[data-state="running"]')).waitFor();
    await page.waitForSelector('#sandbox-state-running[data-count="1"]');
    await page.waitForSelector('#sandbox-state-created[data-count="0"]');
    t.pass('Start moves it to running, on the table and on the diagram');

    const tasks = taskCalls(taskClient(started.address));
    await tasks.create('ctr-browser', writeBundle(daemon.tmp, 'ctr-browser', 'sb-browser'));
    await tasks.start('ctr-browser');
    await page.waitForSelector('tr[data-id="ctr-browser"][data-state="running"]');
    await page.waitForSelector('#container-state-running[data-count="1"]');
    await calls.create(createRequest('sb-other', podConfig({}, 'other')));
    await page.waitForSelector('tr[data-id="sb-other"]');
    t.equal(await page.textContent('.total[data-kind="sandbox"]'), '2');

    await page.fill('#filter', 'other');
    await page.waitForFunction(() => document.querySelectorAll('#actors tbody tr').length === 1);
    t.equal(
      await page.getAttribute('#actors tbody tr', 'data-id'),
      'sb-other',
      'the filter keeps matching ids',
    );
    await page.fill('#filter', 'browser');
    await page.waitForFunction(() => document.querySelectorAll('#actors tbody tr').length === 2);
    t.pass('a sandbox id also shows its containers');
    await page.fill('#filter', '');
    t.match(await page.textContent('#log'), /sandbox sb-browser: created --Start--> running/);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rs-debug-page-'));
    // Kept for a person to look at only when asked; otherwise the test leaves nothing behind.
    if (!process.env.RESOURCE_SLOT_KEEP_SCREENSHOT)
      t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
    const screenshot = path.join(dir, 'debug-page.png');
    await page.waitForFunction(() => document.querySelectorAll('#actors tbody tr').length === 3);
    await page.waitForFunction(() =>
      [...document.querySelectorAll('#actors td.resources')].every((cell) => cell.textContent !== '…'),
    );
    t.pass("new actors' resources are filled in from /api/actors");
    await page.screenshot({ path: screenshot, fullPage: true });
    t.ok(fs.statSync(screenshot).size > 10_000, 'the screenshot was saved');
    t.comment(`screenshot of the debug page: ${screenshot} (set RESOURCE_SLOT_KEEP_SCREENSHOT=1 to keep it)`);
    process.stderr.write(`screenshot of the debug page: ${screenshot}\n`);

    await calls.stop('sb-browser');
    await page.waitForSelector('tr[data-id="ctr-browser"][data-state="stopped"]');
    await page.waitForSelector('#sandbox-state-stopped[data-count="1"]');
    await calls.shutdown('sb-browser');
    await page.waitForFunction(
      () => !document.querySelector('tr[data-id="sb-browser"], tr[data-id="ctr-browser"]'),
    );
    t.pass('Stop and Shutdown show live: stopped, then gone');

    t.same(
      requested.filter((url) => !url.startsWith(`${base}/`)),
      [],
      'the page loads nothing from anywhere but the daemon',
    );
    t.same(problems, [], 'no script errors');
  });
  t.test(
    'the usage history is drawn: node charts and a sparkline per pod, by name, in m and Mi',
    async (t) => {
      const port = await freePort();
      const daemon = await startDaemon(t, [
        '--debug-listen',
        `127.0.0.1:${port}`,
        '--history-resolution',
        '0.2',
        '--capacity',
        'cpu=2,memory=4Gi,pods=10',
      ]);
      const write = (name: string, lines: string[]) => {
        const file = path.join(daemon.tmp, name);
        fs.writeFileSync(file, lines.join('\n') + '\n');
        return file;
      };
      const pod = (
        await ctlOk(daemon.socket, [
          'runp',
          write('pod.yaml', [
            'metadata: {name: busy, namespace: shop, uid: busy-1}',
            'annotations:',
            "  resource-slot.io/usage-cpu: '250m'",
            "  resource-slot.io/usage-memory: '64Mi'",
          ]),
        ])
      ).trim();
      const app = (
        await ctlOk(daemon.socket, [
          'create',
          pod,
          write('app.yaml', [
            'metadata: {name: app}',
            'image: {image: docker.io/library/busybox:1.36}',
            'command: [sleep, infinity]',
            'linux: {resources: {cpu_shares: 256, memory_limit_in_bytes: 134217728}}',
          ]),
        ])
      ).trim();
      await ctlOk(daemon.socket, ['start', app]);
      const { chromium } = await import('playwright-core');
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
      t.teardown(() => browser.close());
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(error.message));
      await page.goto(`http://127.0.0.1:${port}`);
      await page.waitForSelector('#status.live');

      const row = `#history-pods tr[data-sandbox-id="${pod}"]`;
      // Drawn once the page holds a few passes after the start (one every 200 ms), appended live from the stream.
      await page.waitForFunction(
        (selector) =>
          (document.querySelector(`${selector} svg.spark.cpu polyline`)?.getAttribute('points') ?? '').split(
            ' ',
          ).length >= 4,
        row,
      );
      t.equal(await page.textContent(`${row} td.pod`), 'shop/busy', 'the pod by namespace/name');
      await page.waitForFunction(
        (selector) =>
          /^(24[89]|25[0-2])m$/.test(document.querySelector(`${selector} td.cpu .now`)?.textContent ?? ''),
        row,
      );
      t.pass('CPU now in millicores: 250m within 1 %');
      t.equal(
        await page.textContent(`${row} td.memory .now`),
        '60.8Mi',
        'memory now in Mi: the 64Mi working set',
      );
      for (const series of ['used', 'requests', 'limits'])
        t.equal(
          await page.locator(`#history-cpu svg polyline.${series}`).count(),
          1,
          `the node CPU chart draws ${series}`,
        );
      t.equal(await page.locator('#history-memory svg line.allocatable').count(), 1, 'and allocatable');
      t.match(
        await page.textContent('#history-cpu .legend'),
        /requests 250m · limits 0m · allocatable 2000m/,
      );
      t.match(await page.textContent('#history-pods-count .legend'), /pods 1 · allocatable 10/);
      await page.waitForFunction(
        (id) =>
          document.querySelector(`#actors tr[data-id="${id}"] td.pod`)?.textContent === 'shop/busy · app',
        app,
      );
      t.match(
        await page.textContent(`#actors tr[data-id="${app}"] td.resources`),
        /memory_limit=128Mi/,
        'resources in human units',
      );
      t.same(problems, [], 'no script errors');
    },
  );
  t.test('the Calls panel shows the calls the daemon answered, live, in a real browser', async (t) => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const calls = new CallLog();
    const call = (overrides: Partial<UnnumberedCall>): UnnumberedCall => ({
      atMs: Date.now(),
      service: 'Task',
      method: 'Start',
      sandboxId: 'sb-calls',
      containerId: 'ctr-calls',
      execId: '',
      code: 'OK',
      fault: '',
      durationMs: 0.8,
      ...overrides,
    });
    // The daemon in this process, so the test can record what a call would (nothing records on its own yet).
    calls.record(call({ service: 'Controller', method: 'Create', containerId: '' }));
    await startInProcessDaemon(t, { debugListen: `127.0.0.1:${port}`, calls });
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    t.teardown(() => browser.close());
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));

    await page.goto(base);
    await page.waitForSelector('#status.live');
    await page.waitForSelector('#calls tr[data-seq="1"][data-method="Controller.Create"][data-code="OK"]');
    t.pass('a call recorded before the page opened is listed');

    calls.record(call({ code: 'UNAVAILABLE', fault: 'r1: Task.Start error(UNAVAILABLE)', durationMs: 52.5 }));
    const row = page.locator('#calls tr[data-seq="2"]');
    await row.waitFor();
    const [time, ...cells] = await row.locator('td').allTextContents();
    t.match(time, /^\d\d:\d\d:\d\d$/, 'the time of day');
    t.strictSame(
      cells,
      [
        'Task.Start',
        'sb-calls',
        'ctr-calls',
        '',
        'UNAVAILABLE',
        '52.5 ms',
        'r1: Task.Start error(UNAVAILABLE)',
      ],
      'a later call appears live: method, ids, code, duration, fault',
    );
    t.equal(await row.getAttribute('class'), 'failed faulted', 'a failed, faulted call is marked so');
    t.strictSame(
      await page
        .locator('#calls tbody tr')
        .evaluateAll((rows) => rows.map((tr) => tr.getAttribute('data-seq'))),
      ['2', '1'],
      'newest first',
    );
    t.same(problems, [], 'no script errors');
  });
}
