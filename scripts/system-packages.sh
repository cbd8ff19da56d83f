#!/usr/bin/env bash
# Installs the Debian packages Assay needs that are missing, when running as root.
# Usage: scripts/system-packages.sh run|test|scale
#   run:  what grading needs (bubblewrap, slirp4netns, PostgreSQL and Redis servers for the candidates' private
#         services, Chromium for the hidden tests that drive a full-stack challenge's page)
#   test: the above plus nginx (the deployment site's check)
#   scale: the above plus nginx, for make scale-check
set -euo pipefail
want=(bubblewrap slirp4netns postgresql redis-server python3-venv git iproute2 chromium)
# nginx: `nginx -t` checks the deployment site in deploy/ (the test suite), and make scale-check puts it in
# front of two web processes.
[[ ${1:-run} == test ]] && want+=(nginx)
[[ ${1:-run} == scale ]] && want+=(nginx)
# The live session editor is bundled with npm at install; a Node.js that brings its own npm is fine too.
command -v npm >/dev/null || want+=(nodejs npm)

missing=()
for pkg in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
  echo "assay: missing Debian packages: ${missing[*]} (not root, so not installing them; the parts that need them will be skipped)" >&2
  exit 0
fi
echo "assay: installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# Package scripts must not start system-wide services: Assay starts its own, on loopback, under var/.
printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
trap 'rm -f /usr/sbin/policy-rc.d' EXIT
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
