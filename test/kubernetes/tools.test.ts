/**
 * The binaries test/kubernetes/install-tools.sh built are the pinned versions and report them: kubelet compares its
 * version with the apiserver's, so a build without the -X version strings would say v0.0.0.
 */
import { execFileSync } from 'node:child_process';
import t from 'tap';
import { withTools, type KubernetesTools } from './tools.js';

// Seven --version calls and install-tools.sh --check: a few seconds, more on a loaded machine.
t.setTimeout(60_000);

function output(file: string, ...args: string[]): string {
  return execFileSync(file, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });
}

withTools(t, 'the Kubernetes tools report their versions', (tools) => {
  t.test('the Kubernetes tools report their versions', async (t) => {
    const components: (keyof KubernetesTools)[] = [
      'kubelet',
      'kubeApiserver',
      'kubeScheduler',
      'kubeControllerManager',
    ];
    for (const name of components) {
      t.equal(output(tools[name], '--version').trim(), 'Kubernetes v1.34.4', `${name} --version`);
    }
    t.match(
      output(tools.kubectl, 'version', '--client'),
      /^Client Version: v1\.34\.4$/m,
      'kubectl version --client',
    );
    t.match(output(tools.etcd, '--version'), /^etcd Version: 3\.6\.\d+$/m, 'etcd --version');
    t.equal(output(tools.metricsServer, '--version').trim(), 'v0.8.0', 'metrics-server --version');
  });
});
