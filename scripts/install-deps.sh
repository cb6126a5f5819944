#!/usr/bin/env bash
# Installs the Debian packages CareGate builds, tests and runs with (only those missing).
set -euo pipefail
packages=(libmosquitto-dev mosquitto mosquitto-clients libsqlite3-dev libsystemd-dev libcurl4-openssl-dev python3-paho-mqtt make)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
echo "installing: ${missing[*]}"
$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
# The packaged broker is not needed running: tests and the demo start private brokers.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet mosquitto 2>/dev/null; then
  $sudo systemctl stop mosquitto || true
fi
