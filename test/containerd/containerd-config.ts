// The suite runs containerd with the config resource-slot-cluster gives its nodes (without the default runtime).
export * from '../../src/cluster/containerd-config.js';
