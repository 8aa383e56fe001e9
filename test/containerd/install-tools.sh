#!/usr/bin/env bash
# Builds the real containerd, ctr and crictl that test/containerd/*.test.ts run ResourceSlot against, from their
# published Go modules, into a cache dir (never touching a system containerd):
#
#   ${RESOURCE_SLOT_TOOLS:-/root/.cache/resource-slot-go}/bin/{containerd,ctr,crictl,containerd-shim-runc-v2}
#
# A binary already there at the right module version is kept, so a warm run takes a second. Needs Go and the Go
# module proxy only when something has to be built (about 2 minutes from cold on 2 cores).
#
#   test/containerd/install-tools.sh           build what is missing
#   test/containerd/install-tools.sh --check   build nothing; exit 1 naming what is missing (the tests use this)
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

CONTAINERD_MODULE=github.com/containerd/containerd/v2
CONTAINERD_VERSION=v2.2.9
CRI_TOOLS_MODULE=sigs.k8s.io/cri-tools
CRICTL_VERSION=v1.34.0
TAGS="no_btrfs urfave_cli_no_docs"

tools="${RESOURCE_SLOT_TOOLS:-/root/.cache/resource-slot-go}"
bin="$tools/bin"

go_cmd="$(command -v go || true)"
if [[ -z "$go_cmd" && -x /usr/local/go/bin/go ]]; then go_cmd=/usr/local/go/bin/go; fi
if [[ -z "$go_cmd" ]]; then
  echo "install-tools.sh: Go is not installed (no 'go' on PATH or in /usr/local/go/bin): cannot build containerd/crictl" >&2
  exit 1
fi

# True when $1 exists and `go version -m` says it was built from module $2 at version $3.
built_from() {
  [[ -x "$1" ]] && "$go_cmd" version -m "$1" 2>/dev/null | grep -Eq "^[[:space:]]+mod[[:space:]]+$2[[:space:]]+$3([[:space:]]|$)"
}

install() { # name package module version
  local name=$1 package=$2 module=$3 version=$4
  if built_from "$bin/$name" "$module" "$version"; then
    $check_only || echo "install-tools.sh: $name $version already in $bin"
    return
  fi
  if $check_only; then
    echo "install-tools.sh: $bin/$name is missing or not $module $version (run test/containerd/install-tools.sh)" >&2
    exit 1
  fi
  echo "install-tools.sh: building $name $version into $bin"
  GOBIN="$bin" GOFLAGS="${GOFLAGS:--buildvcs=false}" "$go_cmd" install -tags "$TAGS" "$package@$version"
  built_from "$bin/$name" "$module" "$version" || {
    echo "install-tools.sh: $bin/$name is not $module $version after go install" >&2
    exit 1
  }
}

$check_only || mkdir -p "$bin"
started=$SECONDS
install containerd "$CONTAINERD_MODULE/cmd/containerd" "$CONTAINERD_MODULE" "$CONTAINERD_VERSION"
install ctr "$CONTAINERD_MODULE/cmd/ctr" "$CONTAINERD_MODULE" "$CONTAINERD_VERSION"
# containerd's own runc shim, for the benchmark's comparison with runc (docs/performance.md); shares containerd's
# build cache, so about 10 s more from cold.
install containerd-shim-runc-v2 "$CONTAINERD_MODULE/cmd/containerd-shim-runc-v2" "$CONTAINERD_MODULE" "$CONTAINERD_VERSION"
install crictl "$CRI_TOOLS_MODULE/cmd/crictl" "$CRI_TOOLS_MODULE" "$CRICTL_VERSION"
$check_only || echo "install-tools.sh: containerd $CONTAINERD_VERSION, ctr, crictl $CRICTL_VERSION ready in $bin ($((SECONDS - started)) s)"
