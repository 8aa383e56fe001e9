import t from 'tap';
import { InvalidArgumentError } from '../../src/core/errors.js';
import {
  DEFAULT_CLUSTER_DIR,
  DEFAULT_NODES,
  DEFAULT_PODS_PER_NODE,
  defaultToolsDir,
  parseClusterArgs,
} from '../../src/cluster/args.js';

const parse = (...argv: string[]) => parseClusterArgs(argv, '/work', { RESOURCE_SLOT_TOOLS: '/tools' });

t.test('up takes nodes, pods per node, tools and a dir relative to the cwd', async (t) => {
  t.same(parse('up', '--nodes', '3', '--pods-per-node', '20', '--dir', 'c', '--tools', 't'), {
    kind: 'up',
    dir: '/work/c',
    up: { nodes: 3, podsPerNode: 20, tools: '/work/t' },
  });
  t.same(parse('up'), {
    kind: 'up',
    dir: DEFAULT_CLUSTER_DIR,
    up: { nodes: DEFAULT_NODES, podsPerNode: DEFAULT_PODS_PER_NODE, tools: '/tools' },
  });
});

t.test('down, status and kubeconfig take the dir', async (t) => {
  t.same(parse('down', '--dir', '/c', '--keep-logs'), { kind: 'down', dir: '/c', keepLogs: true });
  t.same(parse('status', '--dir', '/c'), { kind: 'status', dir: '/c' });
  t.same(parse('kubeconfig'), { kind: 'kubeconfig', dir: DEFAULT_CLUSTER_DIR });
});

t.test('restart takes the dir and names one process', async (t) => {
  t.same(parse('restart', 'node-2/kubelet', '--dir', '/c'), {
    kind: 'restart',
    dir: '/c',
    process: 'node-2/kubelet',
  });
});

t.test('help with no command or --help', async (t) => {
  t.same(parse(), { kind: 'help' });
  t.same(parse('up', '--help'), { kind: 'help' });
});

t.test('usage errors name what is wrong', async (t) => {
  const refused = (argv: string[], pattern: RegExp) =>
    t.throws(() => parse(...argv), { constructor: InvalidArgumentError, message: pattern }, argv.join(' '));
  refused(['start'], /unknown command "start"/);
  refused(['up', 'extra'], /unexpected argument "extra"/);
  refused(['restart'], /restart: names the process: node-I\/P/);
  refused(['restart', 'node-1/kubelet', 'node-2/kubelet'], /unexpected argument "node-2\/kubelet"/);
  refused(['up', '--nodes', '0'], /--nodes: must be a whole number from 1 to 244, got 0/);
  refused(['up', '--nodes', '245'], /from 1 to 244/);
  refused(['up', '--nodes', 'two'], /--nodes: must be a whole number, got "two"/);
  refused(['up', '--pods-per-node', '0'], /--pods-per-node: must be from 1/);
  refused(['down', '--nodes', '2'], /--nodes: is not an option of down/);
  refused(['status', '--keep-logs'], /--keep-logs: is not an option of status/);
  refused(['up', '--bogus'], /unknown option '--bogus'/);
  refused(
    ['up', '--dir', '/var/lib/cluster'],
    /must not be under \/var\/lib: the kubelets see a private tmpfs/,
  );
  refused(['up', '--dir', '/var/log'], /must not be under \/var\/log/);
  refused(['up', '--dir', '/'], /must not be the root directory/);
});

t.test('the tools default to $RESOURCE_SLOT_TOOLS, else the user cache', async (t) => {
  t.equal(defaultToolsDir({ RESOURCE_SLOT_TOOLS: '/x' }), '/x');
  t.match(defaultToolsDir({}), /\.cache\/resource-slot-go$/);
});
