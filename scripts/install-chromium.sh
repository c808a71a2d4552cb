#!/usr/bin/env bash
# Installs Chromium from Debian's packages, for the evidence report's browser test
# (npm run test:browser opens evidence.html in headless Chromium). Safe to run again.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  chromium --version
  exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq chromium >/dev/null
chromium --version
