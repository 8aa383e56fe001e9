/**
 * Writes what the control plane reads: the token file, a kubeconfig per client (the user's is `<dir>/kubeconfig`),
 * the manifests `up` applies, and the local test image for the nodes' containerds.
 */
import fs from 'node:fs';
import type { ClusterCredentials } from './credentials.js';
import { tokenAuthFile } from './credentials.js';
import { kubeconfig } from './kubeconfig.js';
import type { ClusterLayout } from './layout.js';
import { clusterManifests, exampleDeployment } from './manifests.js';
import { ociLayoutTar } from './oci-image.js';

/** The image every node has, imported into containerd's `k8s.io` namespace (pods use imagePullPolicy: Never). */
export const LOCAL_IMAGE = 'docker.io/library/resource-slot-test:1';

export const MANIFESTS_FILE = 'cluster.yaml';
/** Printed by `up` as something to try. */
export const EXAMPLE_FILE = 'example-deployment.yaml';

export function writeControlPlaneFiles(
  layout: ClusterLayout,
  credentials: ClusterCredentials,
  server: string,
  caFile: string,
): void {
  fs.writeFileSync(layout.tokenFile, tokenAuthFile(credentials), { mode: 0o600 });
  const write = (file: string, text: string) => fs.writeFileSync(file, text, { mode: 0o600 });
  write(layout.kubeconfig, kubeconfig(server, caFile, credentials.admin));
  write(layout.controllerManager.kubeconfig, kubeconfig(server, caFile, credentials.controllerManager));
  write(layout.scheduler.kubeconfig, kubeconfig(server, caFile, credentials.scheduler));
  write(layout.metricsServer.kubeconfig, kubeconfig(server, caFile, credentials.metricsServer));
  fs.mkdirSync(layout.manifests, { recursive: true });
  fs.writeFileSync(`${layout.manifests}/${MANIFESTS_FILE}`, clusterManifests());
  fs.writeFileSync(`${layout.manifests}/${EXAMPLE_FILE}`, exampleDeployment('hello', 10, LOCAL_IMAGE));
  fs.mkdirSync(layout.metricsServer.certDir, { recursive: true });
  fs.writeFileSync(layout.image, ociLayoutTar(LOCAL_IMAGE));
}
