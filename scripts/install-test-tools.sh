#!/usr/bin/env bash
# System tools the tests use as independent checkers: headless Chromium (the HTML explorer), rapper
# (a second Turtle parser) and xmllint (GEXF schema validation). Installed from Debian when missing.
set -euo pipefail
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v rapper   >/dev/null || missing+=(raptor2-utils)
command -v xmllint  >/dev/null || missing+=(libxml2-utils)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "please install: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
