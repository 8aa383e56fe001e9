import t from 'tap';
import { certificateFiles } from '../../src/cluster/certificates.js';
import { etcdSpec } from '../../src/cluster/etcd.js';
import { apiserverSpec } from '../../src/cluster/kube-apiserver.js';
import { controllerManagerSpec } from '../../src/cluster/kube-controller-manager.js';
import { schedulerSpec } from '../../src/cluster/kube-scheduler.js';
import { clusterLayout } from '../../src/cluster/layout.js';
import { metricsServerSpec } from '../../src/cluster/metrics-server.js';
import { nodeContainerdSpec, nodeContainerdConfig, cniConflist } from '../../src/cluster/node-containerd.js';
import { nodeDaemonSpec } from '../../src/cluster/node-daemon.js';
import { nodeKubeletSpec } from '../../src/cluster/node-kubelet.js';
import { toolPaths } from '../../src/cluster/tools.js';

const layout = clusterLayout('/c', 2);
const tools = toolPaths('/tools');
const pki = certificateFiles('/c/pki');
const node = layout.nodes[1]!;

t.test('the control plane listens on loopback only, with nothing written outside --dir', async (t) => {
  const specs = [
    etcdSpec(layout, tools),
    apiserverSpec(layout, tools, pki, 'admin-token'),
    controllerManagerSpec(layout, tools, pki),
    schedulerSpec(layout, tools),
    metricsServerSpec(layout, tools),
  ];
  for (const spec of specs) {
    const args = spec.args.join(' ');
    t.notMatch(args, /0\.0\.0\.0/, `${spec.name} binds no wildcard address`);
    t.ok(spec.log.startsWith('/c/logs/'), `${spec.name} logs under --dir`);
    t.equal(spec.command, `/tools/bin/${spec.name}`);
  }
  const [etcd, apiserver, controllerManager, scheduler, metricsServer] = specs.map((spec) => spec!.args);
  t.ok(etcd!.includes('/c/etcd'), 'etcd data under --dir');
  t.ok(apiserver!.includes('--authorization-mode=AlwaysAllow'));
  t.ok(apiserver!.includes('--advertise-address=127.0.0.1'), 'no default route needed');
  t.ok(apiserver!.includes(`--requestheader-client-ca-file=${pki.frontProxyCaCert}`), 'aggregation layer on');
  t.ok(apiserver!.includes(`--proxy-client-cert-file=${pki.frontProxyClientCert}`));
  t.ok(apiserver!.includes('--token-auth-file=/c/pki/tokens.csv'));
  t.ok(
    controllerManager!.some((arg) => arg.startsWith('--flex-volume-plugin-dir=/c/')),
    'not /usr/libexec',
  );
  t.ok(controllerManager!.includes('--leader-elect=false'));
  t.ok(scheduler!.includes('--leader-elect=false'));
  t.ok(metricsServer!.includes('--kubelet-insecure-tls'));
  t.ok(metricsServer!.includes('--kubelet-preferred-address-types=InternalIP'));
});

t.test(
  "a node's daemon, containerd and kubelet point at each other and at the node's own paths",
  async (t) => {
    const daemon = nodeDaemonSpec(node, '/usr/bin/node');
    t.same(daemon.args.slice(1, 9), [
      '--listen',
      '/c/node-2/sandboxer.sock',
      '--dir',
      '/c/node-2/slots',
      '--task-listen',
      '/c/node-2/task.sock',
      '--task-relay',
      'on',
    ]);
    t.ok(daemon.args.includes('/c/node-2/containerd.sock'), 'reconciles with its own containerd');

    const config = nodeContainerdConfig(node);
    t.match(config, /default_runtime_name = "resource-slot"/);
    t.match(
      config,
      /\[proxy_plugins\.resource-slot\]\n {2}type = "sandbox"\n {2}address = "\/c\/node-2\/sandboxer\.sock"/,
    );
    t.match(config, /conf_dir = "\/c\/node-2\/cni\/conf"/);
    t.match(config, /level = "info"/);
    t.match(config, /netns_mounts_under_state_dir = true/, 'no /var/run/netns on the host');
    t.equal(JSON.parse(cniConflist()).plugins.length, 1);
    const containerd = nodeContainerdSpec(node, tools, '/usr/bin');
    t.match(containerd.env?.PATH ?? '', /^\/c\/node-2\/bin:/, 'the shim link comes first on its PATH');

    const kubelet = nodeKubeletSpec(node, tools, '/usr/bin/unshare', { 'resource-slot.io/node': 'node-2' });
    t.equal(kubelet.command, '/usr/bin/unshare');
    t.same(kubelet.args.slice(0, 4), ['--mount', '--propagation', 'private', '--']);
    t.ok(kubelet.args.includes('/tools/bin/kubelet'));
    t.ok(kubelet.args.includes('--hostname-override=127.0.0.12'));
    t.ok(kubelet.args.includes('--node-labels=resource-slot.io/node=node-2'));
    t.same(kubelet.health, { kind: 'http', url: 'http://127.0.0.12:10248/healthz' });
  },
);
