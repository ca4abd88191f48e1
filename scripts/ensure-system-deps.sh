#!/usr/bin/env bash
# Install what pip cannot: a Java runtime (tabula-py runs PDFBox on the JVM).
# Idempotent and quick when everything is present; needs root (or sudo) only to install.
set -euo pipefail

need=()
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
[ ${#need[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "error: missing ${need[*]} and no apt-get here; install a Java runtime (e.g. 'conda env create -f environment.yml', which brings openjdk)" >&2
  exit 1
fi
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
echo "installing system packages: ${need[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
