import os from 'node:os';

/** The kubelet's default node name: the host name, trimmed and lowercased (k8s.io/component-helpers GetHostname). */
export const hostNodeName = (): string => os.hostname().trim().toLowerCase();
