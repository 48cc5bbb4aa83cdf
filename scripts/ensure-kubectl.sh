#!/usr/bin/env bash
# Makes sure `kubectl` is on PATH, for apps/server/test/kubernetes.test.ts, which renders
# deploy/kubernetes with `kubectl kustomize` (no cluster needed). Installs Debian's
# `kubernetes-client` package (kubectl 1.20) non-interactively when kubectl is missing: the
# kustomizations stick to the fields that version knows, so the test passes with it too. The
# package ships only the client, so no daemon can start.
set -euo pipefail

if command -v kubectl >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "kubectl is missing; install Debian's kubernetes-client package (apt-get install kubernetes-client) or put kubectl on PATH" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends kubernetes-client >/dev/null

command -v kubectl >/dev/null 2>&1 || {
  echo "the kubernetes-client package installed no kubectl" >&2
  exit 1
}
