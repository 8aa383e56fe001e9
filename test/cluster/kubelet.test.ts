import { execFileSync } from 'node:child_process';
import t from 'tap';
import { parse } from 'yaml';
import { kubeletConfig, nodeLabels } from '../../src/cluster/kubelet-config.js';
import { KUBELET_SYSCTLS, namespaceScript, sysctlFiles } from '../../src/cluster/kubelet-namespace.js';
import { clusterLayout } from '../../src/cluster/layout.js';

const node = clusterLayout('/c', 2).nodes[0]!;

t.test('the kubelet serves on its node address, keeps to its dirs and its own cgroup root', async (t) => {
  const config = parse(kubeletConfig(node, 42));
  t.equal(config.kind, 'KubeletConfiguration');
  t.equal(config.address, '127.0.0.11');
  t.equal(config.healthzBindAddress, '127.0.0.11');
  t.equal(config.readOnlyPort, 0);
  t.equal(config.maxPods, 42);
  t.equal(config.cgroupRoot, '/resource-slot-cluster/node-1');
  t.equal(config.containerRuntimeEndpoint, 'unix:///c/node-1/containerd.sock');
  t.equal(config.podLogsDir, '/c/node-1/pod-logs');
  t.equal(config.volumePluginDir, '/c/node-1/volume-plugins');
  t.equal(config.authorization.mode, 'AlwaysAllow');
  t.equal(config.imageGCHighThresholdPercent, 100, 'the local image is never collected');
  t.same(Object.values(config.evictionHard), ['0%', '0%', '0%'], '0% turns each threshold off');
});

t.test('labels say which node and what it takes, in label syntax', async (t) => {
  const labels = nodeLabels(node, { pods: 42, cpus: 2, memoryBytes: 3 * 2 ** 30 + 5 });
  t.same(labels, {
    'resource-slot.io/node': 'node-1',
    'resource-slot.io/capacity-pods': '42',
    'resource-slot.io/capacity-cpu': '2',
    'resource-slot.io/capacity-memory': '3072Mi',
  });
  for (const value of Object.values(labels))
    t.match(value, /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/);
});

t.test(
  'the namespace script: tmpfs over /var/lib and /var/log, sysctl files, no iptables, then exec',
  async (t) => {
    const script = namespaceScript("/c/node-1/it's");
    t.match(script, /^set -eu\n/);
    t.match(script, /mount -t tmpfs -o mode=0755 resource-slot-cluster \/var\/lib\n/);
    t.match(script, /mount -t tmpfs -o mode=0755 resource-slot-cluster \/var\/log\n/);
    t.match(
      script,
      /mount --bind -o ro '\/c\/node-1\/it'\\''s\/vm\.overcommit_memory' '\/proc\/sys\/vm\/overcommit_memory'/,
    );
    t.match(script, /for tool in iptables ip6tables/);
    t.match(script, /\nexec "\$@"$/);
    t.equal(script.match(/--bind -o ro/g)?.length, Object.keys(KUBELET_SYSCTLS).length);
    execFileSync('sh', ['-n', '-c', script]);
    t.pass('sh parses it');
  },
);

t.test('the sysctl files hold the values the kubelet would set', async (t) => {
  t.same(
    sysctlFiles('/s').map(({ file, value }) => `${file}=${value}`),
    [
      '/s/vm.overcommit_memory=1',
      '/s/vm.panic_on_oom=0',
      '/s/kernel.panic=10',
      '/s/kernel.panic_on_oops=1',
      '/s/kernel.keys.root_maxkeys=1000000',
      '/s/kernel.keys.root_maxbytes=25000000',
    ],
  );
});
