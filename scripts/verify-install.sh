#!/usr/bin/env bash
# Installs CareGate into a temporary root the way a site would (make install DESTDIR=... PREFIX=/usr)
# and checks the result: every file in place, the unit accepted by `systemd-analyze verify`, its
# sandbox rated "OK" or better by `systemd-analyze security`, the shipped configuration accepted by
# `caregate check-config`, a reinstall that keeps an edited configuration, and an uninstall that
# leaves only that edited file behind.
#
#   scripts/verify-install.sh                  release build first (make install), several minutes
#   BIN_DIR=DIR scripts/verify-install.sh      installs binaries already built in DIR (make install-files)
#   SCRATCH=DIR                                SwiftPM scratch path for the release build (default .build)
set -euo pipefail
cd "$(dirname "$0")/.."

root=$(mktemp -d "${TMPDIR:-/tmp}/caregate-root-XXXXXX")
work=$(mktemp -d "${TMPDIR:-/tmp}/caregate-verify-XXXXXX")
trap 'rm -rf "$root" "$work"' EXIT
failures=0
check() {
  local what=$1
  shift
  if "$@" >"$work/out" 2>&1; then
    echo "ok   $what"
  else
    echo "FAIL $what"
    sed 's/^/     /' "$work/out"
    failures=$((failures + 1))
  fi
}

if [ -n "${BIN_DIR:-}" ]; then
  install_target=(install-files BIN_DIR="$BIN_DIR" SCRATCH="$work/scratch")
else
  install_target=(install SCRATCH="${SCRATCH:-.build}")
fi
make --no-print-directory "${install_target[@]}" DESTDIR="$root" PREFIX=/usr >"$work/install.log" 2>&1 ||
  { cat "$work/install.log"; echo "FAIL make ${install_target[0]}"; exit 1; }
echo "ok   make ${install_target[0]} DESTDIR=$root PREFIX=/usr"

expected=(
  usr/bin/caregated usr/bin/caregate usr/sbin/caregate-add-device
  usr/lib/systemd/system/caregated.service usr/lib/sysusers.d/caregate.conf
  usr/share/caregate/devices/caregate.fall-radar.yaml usr/share/doc/caregate/operations.md
  etc/caregate/caregate.yaml etc/caregate/devices.example.yaml etc/logrotate.d/caregate
  etc/mosquitto/conf.d/caregate.conf etc/mosquitto/caregate.acl etc/mosquitto/caregate.passwd
)
missing=()
for file in "${expected[@]}"; do [ -e "$root/$file" ] || missing+=("$file"); done
check "installed files (${#expected[@]} checked)" test ${#missing[@]} -eq 0
[ ${#missing[@]} -eq 0 ] || echo "     missing: ${missing[*]}"
check "password file is not world-readable" test "$(stat -c %a "$root/etc/mosquitto/caregate.passwd")" = 640

unit="$root/usr/lib/systemd/system/caregated.service"
check "ExecStart names the installed binary" grep -qx 'ExecStart=/usr/bin/caregated --config /etc/caregate/caregate.yaml' "$unit"
check "installed caregated runs" "$root/usr/bin/caregated" --help

# systemd-analyze verify resolves ExecStart on this machine, so check a copy whose paths point into
# the temporary root; everything else about the unit is verified exactly as installed.
mkdir -p "$work/unit"
sed -e "s|^ExecStart=/usr/bin/|ExecStart=$root/usr/bin/|" "$unit" >"$work/unit/caregated.service"
verify_clean() {
  local output
  output=$(systemd-analyze verify "$work/unit/caregated.service" 2>&1) || { echo "$output"; return 1; }
  [ -z "$output" ] || { echo "$output"; return 1; }
}
check "systemd-analyze verify is clean" verify_clean

security=$(systemd-analyze security --offline=true "$unit" 2>&1 | grep 'Overall exposure level' || true)
score=$(sed -n 's/.*: \([0-9.]*\) \([A-Z]*\).*/\1/p' <<<"$security")
rating=$(sed -n 's/.*: \([0-9.]*\) \([A-Z]*\).*/\2/p' <<<"$security")
echo "     systemd-analyze security --offline=true: ${score:-?} ${rating:-?}"
check "security exposure rated OK or better (score < 5)" awk -v s="${score:-99}" 'BEGIN { exit !(s < 5.0) }'

# The shipped configuration as installed, with the profiles found inside the temporary root.
{ cat "$root/etc/caregate/caregate.yaml"; echo "devices_dir: $root/usr/share/caregate/devices"; } >"$work/caregate.yaml"
check "caregate check-config accepts the shipped configuration" "$root/usr/bin/caregate" check-config "$work/caregate.yaml"

# Reinstall over a site's edited configuration: the edit stays, the new version goes beside it.
echo "# edited on site" >>"$root/etc/caregate/caregate.yaml"
mkdir -p "$work/bin" && cp "$root/usr/bin/caregated" "$root/usr/bin/caregate" "$work/bin/"
make --no-print-directory install-files BIN_DIR="$work/bin" SCRATCH="$work/scratch" DESTDIR="$root" PREFIX=/usr \
  >"$work/reinstall.log" 2>&1 || { cat "$work/reinstall.log"; exit 1; }
check "reinstall keeps an edited caregate.yaml" grep -q '^# edited on site' "$root/etc/caregate/caregate.yaml"
check "reinstall puts the new version beside it" test -f "$root/etc/caregate/caregate.yaml.dist"
check "reinstall leaves unedited files alone" test ! -e "$root/etc/mosquitto/caregate.acl.dist"

make --no-print-directory uninstall SCRATCH="$work/scratch" DESTDIR="$root" PREFIX=/usr >"$work/uninstall.log" 2>&1 ||
  { cat "$work/uninstall.log"; exit 1; }
left=$(cd "$root" && find . -type f | sed 's|^\./||' | sort | tr '\n' ' ')
check "uninstall leaves only the edited configuration (left: ${left:-nothing})" test "$left" = "etc/caregate/caregate.yaml "

if [ $failures -eq 0 ]; then
  echo "verify-install: all checks passed"
else
  echo "verify-install: $failures check(s) failed"
  exit 1
fi
