/**
 * The gRPC metadata key containerd names its namespace in (containerd pkg/namespaces/grpc.go): sent on its calls to
 * us, and needed on ours to it (the sandbox Store, Events, the conformance runner's calls).
 */
export const CONTAINERD_NAMESPACE_HEADER = 'containerd-namespace';
