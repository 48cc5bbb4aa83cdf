#!/usr/bin/env bash
# Makes sure `promtool` is on PATH, for apps/server/test/prometheus-rules.test.ts: installs Debian's
# `prometheus` package (which ships promtool) non-interactively when it is missing. Only promtool is
# wanted, so the install must not leave a Prometheus daemon running on this machine: service
# starts are refused for the duration (policy-rc.d), and a daemon that started anyway is stopped.
set -euo pipefail

if command -v promtool >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "promtool is missing; install Debian's prometheus package (apt-get install prometheus) or put promtool on PATH" >&2
  exit 1
fi

# policy-rc.d exiting 101 tells invoke-rc.d not to start services. Ours stands in only while we
# install, unless the machine already has its own (then that one decides).
policy=/usr/sbin/policy-rc.d
ours=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' >"$policy"
  chmod 755 "$policy"
  ours=1
fi
cleanup() { if [ "$ours" = 1 ]; then rm -f "$policy"; fi; }
trap cleanup EXIT

before=$(pgrep -x prometheus || true)
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends prometheus >/dev/null

# Without systemd nothing should have started, but a package script may still have: stop only a
# daemon that was not running before this install.
for pid in $(pgrep -x prometheus || true); do
  case " $before " in
    *" $pid "*) ;;
    *) kill "$pid" 2>/dev/null || true ;;
  esac
done

command -v promtool >/dev/null 2>&1 || {
  echo "the prometheus package installed no promtool" >&2
  exit 1
}
