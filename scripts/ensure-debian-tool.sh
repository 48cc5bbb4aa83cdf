#!/usr/bin/env bash
# Makes sure a command the tests need is installed, from Debian's packages when it is missing:
#   scripts/ensure-debian-tool.sh COMMAND PACKAGE [DAEMON]
# e.g. `nginx nginx '^nginx: master process'`, `promtool prometheus '^(/usr/bin/)?prometheus( |$)'`,
# `kubectl kubernetes-client`. Only the command is wanted, so the install must not leave a daemon of
# the package running: service starts are refused for the duration (policy-rc.d), and a process
# matching DAEMON (pgrep -f) that started during the install is stopped. Non-interactive; needs root.
set -euo pipefail

command_name=${1:?usage: ensure-debian-tool.sh COMMAND PACKAGE [DAEMON]}
package=${2:?usage: ensure-debian-tool.sh COMMAND PACKAGE [DAEMON]}
daemon=${3:-}

# /usr/sbin is not on every user's PATH; packages put daemons' binaries there.
present() { command -v "$command_name" >/dev/null 2>&1 || [ -x "/usr/sbin/$command_name" ]; }
running() { if [ -n "$daemon" ]; then pgrep -f "$daemon" || true; fi; }

if present; then
  exit 0
fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "$command_name is missing; install Debian's $package package (apt-get install $package) or put $command_name on PATH" >&2
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

before=$(running)
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "$package" >/dev/null

# Without systemd nothing should have started, but a package script may still have: stop only a
# daemon that was not running before this install.
for pid in $(running); do
  case " $before " in
    *" $pid "*) ;;
    *) kill "$pid" 2>/dev/null || true ;;
  esac
done

present || {
  echo "the $package package installed no $command_name" >&2
  exit 1
}
