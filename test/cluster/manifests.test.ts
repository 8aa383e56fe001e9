import t from 'tap';
import { parse, parseAllDocuments } from 'yaml';
import { CONTROL_PLANE_PORTS } from '../../src/cluster/layout.js';
import {
  clusterManifests,
  exampleDeployment,
  METRICS_API_SERVICE,
  RUNTIME_CLASS,
} from '../../src/cluster/manifests.js';

t.test('RuntimeClass resource-slot and the metrics APIService behind an ExternalName Service', async (t) => {
  const [runtimeClass, service, apiService] = parseAllDocuments(clusterManifests()).map((doc) => doc.toJS());
  t.same(runtimeClass, {
    apiVersion: 'node.k8s.io/v1',
    kind: 'RuntimeClass',
    metadata: { name: RUNTIME_CLASS },
    handler: 'resource-slot',
  });
  t.equal(service.spec.type, 'ExternalName');
  t.equal(service.spec.externalName, '127.0.0.1');
  t.equal(apiService.metadata.name, METRICS_API_SERVICE);
  t.same(apiService.spec.service, {
    name: service.metadata.name,
    namespace: service.metadata.namespace,
    port: CONTROL_PLANE_PORTS.metricsServer,
  });
});

t.test(
  'the example Deployment runs the local image on the host network in the ResourceSlot class',
  async (t) => {
    const deployment = parse(exampleDeployment('hello', 3, 'img:1'));
    t.equal(deployment.spec.replicas, 3);
    t.same(deployment.spec.selector.matchLabels, deployment.spec.template.metadata.labels);
    const pod = deployment.spec.template.spec;
    t.equal(pod.runtimeClassName, RUNTIME_CLASS);
    t.equal(pod.hostNetwork, true);
    t.same(
      pod.containers.map((c: { image: string; imagePullPolicy: string }) => [c.image, c.imagePullPolicy]),
      [['img:1', 'Never']],
    );
  },
);
