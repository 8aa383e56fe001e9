/** `--reconcile-interval`, in seconds. */
export const DEFAULT_RECONCILE_INTERVAL_SECONDS = 60;
/** `--sandboxer-name`: the proxy plugin name docs/containerd.md configures, which containerd sends as `sandboxer`. */
export const DEFAULT_SANDBOXER_NAME = 'resource-slot';
/** `--containerd-namespace`: where OOM events are published; CRI keeps its pods and containers in `k8s.io`. */
export const DEFAULT_CONTAINERD_NAMESPACE = 'k8s.io';
