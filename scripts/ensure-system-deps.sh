#!/usr/bin/env bash
# Install what pip cannot: a Java runtime (tabula-py runs PDFBox on the JVM) and Chromium
# (the tests render the reports in a headless browser, as a reader sees them; also
# `make screenshots`). Idempotent and quick when everything is present; needs root (or sudo)
# only to install.
set -euo pipefail

need=()
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 \
  || need+=(chromium)
[ ${#need[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "error: missing ${need[*]} and no apt-get here; install a Java runtime (e.g. 'conda env create -f environment.yml', which brings openjdk) and Chromium" >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "error: missing ${need[*]}; installing needs root or sudo" >&2
    exit 1
  fi
  sudo="sudo"
fi
echo "installing system packages: ${need[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
