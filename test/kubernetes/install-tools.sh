#!/usr/bin/env bash
# Builds a real Kubernetes 1.34.4 node and control plane (kubelet, kube-apiserver, kube-scheduler,
# kube-controller-manager, kubectl), the etcd it is released with (3.6.4) and metrics-server 0.8.0 from their
# published Go modules, into the same cache dir as test/containerd/install-tools.sh (never touching a system
# Kubernetes):
#
#   ${RESOURCE_SLOT_TOOLS:-/root/.cache/resource-slot-go}/bin/{kubelet,kube-apiserver,kube-scheduler,
#     kube-controller-manager,kubectl,etcd,metrics-server}
#
# A binary already there at the right module version is kept, so a warm run takes a second. Needs Go (1.24 or later)
# and the Go module proxy only when something has to be built. Measured from cold (empty build and module caches) on
# 2 cores: 5 min 45 s on an idle machine, 13 min while other builds and tests shared the cores (one `go build` for
# the six, then metrics-server's `go install`; 1.9 GB peak memory), leaving 4.4 GB in the Go build cache and 860 MB
# in the module cache. The stripped binaries take 510 MB: kube-apiserver 102 MB, kube-controller-manager 93,
# kubelet 84, kube-scheduler 73, metrics-server 70, kubectl 61, etcd 26.
#
# Not 1.35: kubelet 1.35 refuses cgroup v1 hosts by default. `go install k8s.io/kubernetes/cmd/kubelet@v1.34.4` does
# not work (k8s.io/kubernetes replaces its 31 staging modules with ./staging paths), so the Kubernetes binaries and
# etcd are built in the wrapper module test/kubernetes/tools, whose committed go.mod and go.sum pin every dependency:
# it requires k8s.io/kubernetes v1.34.4 and replaces each staging module by its published v0.34.4 (to change the
# version: edit go.mod and run `go mod tidy` there). metrics-server has no replace directives: plain `go install`.
#
#   test/kubernetes/install-tools.sh           build what is missing
#   test/kubernetes/install-tools.sh --check   build nothing; exit 1 naming what is missing (the tests use this)
set -euo pipefail

check_only=false
case "${1:-}" in
  --check) check_only=true ;;
  '') ;;
  *)
    echo "usage: $0 [--check]" >&2
    exit 2
    ;;
esac

K8S_MODULE=k8s.io/kubernetes
K8S_VERSION=v1.34.4
K8S_BUILD_DATE=2026-02-10T12:53:36Z # the tag's time, as the module proxy gives it: the same build every time
K8S_COMMANDS="kubelet kube-apiserver kube-scheduler kube-controller-manager kubectl"
ETCD_MODULE=go.etcd.io/etcd/server/v3
ETCD_VERSION=v3.6.4 # what k8s.io/kubernetes v1.34.4 requires; pinned in tools/go.mod
METRICS_SERVER_MODULE=sigs.k8s.io/metrics-server
METRICS_SERVER_VERSION=v0.8.0

tools="${RESOURCE_SLOT_TOOLS:-/root/.cache/resource-slot-go}"
bin="$tools/bin"
wrapper="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)/tools"

go_cmd="$(command -v go || true)"
if [[ -z "$go_cmd" && -x /usr/local/go/bin/go ]]; then go_cmd=/usr/local/go/bin/go; fi
if [[ -z "$go_cmd" ]]; then
  echo "install-tools.sh: Go is not installed (no 'go' on PATH or in /usr/local/go/bin): cannot build kubernetes/etcd/metrics-server" >&2
  exit 1
fi

# The version strings that `kubelet --version`, `kubectl version` and the apiserver report (kubelet and apiserver
# compare them), set the way Kubernetes' hack/lib/version.sh does. metrics-server reads client-go's.
k8s_minor="${K8S_VERSION#v1.}"
k8s_minor="${k8s_minor%%.*}"
K8S_LDFLAGS="-s -w"
for pkg in k8s.io/client-go/pkg/version k8s.io/component-base/version; do
  K8S_LDFLAGS+=" -X $pkg.gitVersion=$K8S_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$k8s_minor"
  K8S_LDFLAGS+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=$K8S_BUILD_DATE"
done
METRICS_SERVER_LDFLAGS="-s -w -X k8s.io/client-go/pkg/version.gitVersion=$METRICS_SERVER_VERSION"

# True when $1 exists, `go version -m` says it is the main package $2 from module $3 at version $4, and running it
# to print its version ($name --version, or kubectl version --client) prints $5. The -X version strings are not in
# `go version -m` (Go leaves -ldflags out of a -trimpath build), so they are read from the binary itself.
built_from() {
  local info
  [[ -x "$1" ]] && info="$("$go_cmd" version -m "$1" 2>/dev/null)" || return 1
  grep -Eq "^[[:space:]]+path[[:space:]]+$2$" <<<"$info" &&
    grep -Eq "^[[:space:]]+mod[[:space:]]+$3[[:space:]]+$4([[:space:]]|$)" <<<"$info" || return 1
  if [[ "$(basename -- "$1")" == kubectl ]]; then
    info="$("$1" version --client 2>/dev/null)" || return 1
  else
    info="$("$1" --version 2>/dev/null)" || return 1
  fi
  grep -qw -- "$5" <<<"$info"
}

# name package module version printed-version: the seven binaries and what each must be built from.
wanted() {
  local name
  for name in $K8S_COMMANDS; do
    echo "$name $K8S_MODULE/cmd/$name $K8S_MODULE $K8S_VERSION $K8S_VERSION"
  done
  echo "etcd $ETCD_MODULE $ETCD_MODULE $ETCD_VERSION ${ETCD_VERSION#v}"
  echo "metrics-server $METRICS_SERVER_MODULE/cmd/metrics-server $METRICS_SERVER_MODULE $METRICS_SERVER_VERSION $METRICS_SERVER_VERSION"
}

missing=()
wrong=()
while read -r name package module version printed; do
  if built_from "$bin/$name" "$package" "$module" "$version" "$printed"; then
    $check_only || echo "install-tools.sh: $name $version already in $bin"
  else
    missing+=("$name")
    wrong+=("$name ($module $version)")
  fi
done < <(wanted)
if $check_only; then
  [[ ${#missing[@]} -eq 0 ]] && exit 0
  list="$(printf '%s, ' "${wrong[@]}")"
  echo "install-tools.sh: missing from $bin or not the pinned version: ${list%, } (run test/kubernetes/install-tools.sh)" >&2
  exit 1
fi
[[ ${#missing[@]} -gt 0 ]] || exit 0

mkdir -p "$bin"
started=$SECONDS
# Built into a scratch dir beside the binaries, then moved in: an interrupted build leaves no half binary.
out="$(mktemp -d "$bin/.kubernetes-build.XXXXXX")"
trap 'rm -rf -- "$out"' EXIT

# One `go build` for every missing Kubernetes binary and etcd: they share most of their packages.
packages=()
for name in "${missing[@]}"; do
  case "$name" in
    etcd) packages+=("$ETCD_MODULE") ;;
    metrics-server) ;;
    *) packages+=("$K8S_MODULE/cmd/$name") ;;
  esac
done
if [[ ${#packages[@]} -gt 0 ]]; then
  echo "install-tools.sh: building ${packages[*]} into $bin"
  # -mod=readonly: the committed go.sum is the whole truth; a build that wants to change go.mod fails instead.
  (cd -- "$wrapper" && CGO_ENABLED=0 GOTOOLCHAIN=local GOFLAGS="${GOFLAGS:--buildvcs=false}" \
    "$go_cmd" build -mod=readonly -buildvcs=false -trimpath -ldflags "$K8S_LDFLAGS" -o "$out/" "${packages[@]}")
  [[ ! -e "$out/server" ]] || mv -- "$out/server" "$out/etcd" # the package go.etcd.io/etcd/server/v3 is named server
fi
if [[ " ${missing[*]} " == *" metrics-server "* ]]; then
  echo "install-tools.sh: building metrics-server $METRICS_SERVER_VERSION into $bin"
  (cd -- "$out" && CGO_ENABLED=0 GOBIN="$out" GOFLAGS="${GOFLAGS:--buildvcs=false}" "$go_cmd" install -trimpath \
    -ldflags "$METRICS_SERVER_LDFLAGS" "$METRICS_SERVER_MODULE/cmd/metrics-server@$METRICS_SERVER_VERSION")
fi

while read -r name package module version printed; do
  [[ " ${missing[*]} " == *" $name "* ]] || continue
  built_from "$out/$name" "$package" "$module" "$version" "$printed" || {
    echo "install-tools.sh: the $name just built is not $module $version or does not print $printed (see test/kubernetes/tools/go.mod)" >&2
    exit 1
  }
  mv -f -- "$out/$name" "$bin/$name"
done < <(wanted)
echo "install-tools.sh: kubernetes $K8S_VERSION, etcd $ETCD_VERSION, metrics-server $METRICS_SERVER_VERSION ready in $bin ($((SECONDS - started)) s)"
