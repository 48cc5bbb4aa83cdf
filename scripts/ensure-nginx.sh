#!/usr/bin/env bash
# Makes sure an `nginx` binary is installed, for the load-balancer test
# (apps/server/test/nginx.e2e.test.ts) and `npm run deploy:rehearse`, which run deploy/nginx/nginx.conf
# as a foreground process of their own (own prefix, pid and logs in a temporary directory). Installs
# Debian's `nginx` package non-interactively when it is missing. Only the binary is wanted, so the
# install must not leave the system's nginx daemon running: service starts are refused for the
# duration (policy-rc.d), and a daemon that started anyway is stopped.
set -euo pipefail

# /usr/sbin is not on every user's PATH; the package puts the binary there.
if command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; then
  exit 0
fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "nginx is missing; install Debian's nginx package (apt-get install nginx) or put nginx on PATH" >&2
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

# Only masters count: a test's own nginx (started from this repository) must be left alone.
masters() { pgrep -f '^nginx: master process' || true; }
before=$(masters)
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends nginx >/dev/null

# Without systemd nothing should have started, but a package script may still have: stop only a
# daemon that was not running before this install (SIGQUIT: nginx's graceful stop).
for pid in $(masters); do
  case " $before " in
    *" $pid "*) ;;
    *) kill -QUIT "$pid" 2>/dev/null || true ;;
  esac
done

[ -x /usr/sbin/nginx ] || command -v nginx >/dev/null 2>&1 || {
  echo "the nginx package installed no nginx binary" >&2
  exit 1
}
