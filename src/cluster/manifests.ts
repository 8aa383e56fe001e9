/**
 * What `up` creates in the apiserver: the RuntimeClass `resource-slot`, and the APIService through which
 * `kubectl top` reaches metrics-server. metrics-server runs on the host, not as a pod, so its Service is an
 * ExternalName (the aggregator dials that name; Endpoints may not hold a loopback address). Pure.
 */
import { stringify } from 'yaml';
import { RUNTIME_HANDLER } from './containerd-config.js';
import { CONTROL_PLANE_ADDRESS, CONTROL_PLANE_PORTS } from './layout.js';

export const RUNTIME_CLASS = 'resource-slot';
export const METRICS_API_SERVICE = 'v1beta1.metrics.k8s.io';

/**
 * A Deployment the cluster can run: the local image, never pulled, on the host's network (the nodes have no pod
 * network), in the ResourceSlot RuntimeClass.
 */
export function exampleDeployment(name: string, replicas: number, image: string): string {
  const labels = { app: name };
  return stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          runtimeClassName: RUNTIME_CLASS,
          hostNetwork: true,
          automountServiceAccountToken: false,
          terminationGracePeriodSeconds: 1,
          containers: [
            {
              name: 'app',
              image,
              imagePullPolicy: 'Never',
              resources: {
                requests: { cpu: '10m', memory: '16Mi' },
                limits: { cpu: '100m', memory: '64Mi' },
              },
            },
          ],
        },
      },
    },
  });
}

export function clusterManifests(): string {
  const documents = [
    {
      apiVersion: 'node.k8s.io/v1',
      kind: 'RuntimeClass',
      metadata: { name: RUNTIME_CLASS },
      handler: RUNTIME_HANDLER,
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'metrics-server', namespace: 'kube-system' },
      spec: {
        type: 'ExternalName',
        externalName: CONTROL_PLANE_ADDRESS,
        ports: [{ name: 'https', port: CONTROL_PLANE_PORTS.metricsServer }],
      },
    },
    {
      apiVersion: 'apiregistration.k8s.io/v1',
      kind: 'APIService',
      metadata: { name: METRICS_API_SERVICE },
      spec: {
        service: {
          name: 'metrics-server',
          namespace: 'kube-system',
          port: CONTROL_PLANE_PORTS.metricsServer,
        },
        group: 'metrics.k8s.io',
        version: 'v1beta1',
        // metrics-server's certificate is self-signed on each start.
        insecureSkipTLSVerify: true,
        groupPriorityMinimum: 100,
        versionPriority: 100,
      },
    },
  ];
  return documents.map((document) => stringify(document)).join('---\n');
}
