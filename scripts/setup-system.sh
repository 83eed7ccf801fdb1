#!/usr/bin/env bash
# Debian packages the build and tests need (unzip for the wheels, python3-pip to fetch them from
# PyPI, chromium and chromium-driver for the browser test). Installs only what is missing; does
# nothing when all are present.
set -euo pipefail
need=()
command -v unzip >/dev/null || need+=(unzip)
command -v python3 >/dev/null || need+=(python3)
python3 -m pip --version >/dev/null 2>&1 || need+=(python3-pip)
command -v sha256sum >/dev/null || need+=(coreutils)
# The browser test (tests/browser.rs) drives Debian's Chromium through chromedriver.
command -v chromium >/dev/null || need+=(chromium)
command -v chromedriver >/dev/null || need+=(chromium-driver)
if ((${#need[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "setup-system: please install: ${need[*]} (apt-get install ${need[*]})" >&2
    exit 2
  fi
  echo "setup-system: installing ${need[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
