#!/usr/bin/env bash
# Runs caregated.service under a real systemd (PID 1 of a throw-away systemd-nspawn container that
# shares this machine's /usr read-only and its loopback network) and checks what the unit promises:
#   - Type=notify: `systemctl start` returns with the unit active once READY=1 came, after the
#     daemon logged in to the broker with the password file the unit lets it read
#   - the sandbox is in force (user caregate, no capabilities, no_new_privs, seccomp) and the daemon
#     works inside it: state 0700, alert log 0600, an alert raised from a real MQTT publish
#   - ExecReload, and the shipped logrotate file rotating the alert log: a new file gets the next
#     transition, the rotated one keeps the earlier ones
#   - WatchdogSec + TimeoutAbortSec + Restart=on-failure: a hung (SIGSTOPped) daemon is restarted
#   - systemctl stop: graceful, exit status 0
# For machines where systemd is not PID 1 (containers, CI); needs root, systemd-nspawn (Debian:
# systemd-container) and mosquitto. Exit status 2 means it could not run here.
#
#   systemd/container-check.sh [BIN_DIR]     BIN_DIR holds caregated (default: .build/debug)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "${1:-.build/debug}/caregated")
[ "$(id -u)" -eq 0 ] || { echo "container-check: needs root" >&2; exit 2; }
for tool in systemd-nspawn nsenter mosquitto mosquitto_pub mosquitto_passwd python3; do
  command -v "$tool" >/dev/null || { echo "container-check: $tool is needed" >&2; exit 2; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/caregate-container-XXXXXX")
nspawn= broker=
cleanup() {
  # SIGTERM makes nspawn shut the container down cleanly.
  [ -z "$nspawn" ] || { kill "$nspawn" 2>/dev/null || true; }
  [ -z "$broker" ] || { kill "$broker" 2>/dev/null || true; }
  wait 2>/dev/null || true
  [ -n "${KEEP:-}" ] && echo "kept $work" || rm -rf "$work"
}
trap cleanup EXIT
failures=0
check() {
  local what=$1
  shift
  if "$@" >"$work/out" 2>&1; then echo "ok   $what"; else
    echo "FAIL $what"
    sed 's/^/     /' "$work/out"
    failures=$((failures + 1))
  fi
}

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
# The broker wants logins, as the shipped configuration does: the gateway's password reaches it
# through /etc/caregate/broker.password (root:caregate 0640), read under PrivateUsers=.
mosquitto_passwd -c -b "$work/passwd" caregate gateway-secret
mosquitto_passwd -b "$work/passwd" device device-secret
printf 'listener %s 127.0.0.1\nallow_anonymous false\npassword_file %s\npersistence false\nuser root\n' \
  "$port" "$work/passwd" >"$work/mosquitto.conf"
mosquitto -c "$work/mosquitto.conf" >"$work/mosquitto.log" 2>&1 &
broker=$!

# The container's /usr is this machine's, read-only: the binary goes to /opt/caregate/bin.
sed 's|^ExecStart=/usr/bin/caregated|ExecStart=/opt/caregate/bin/caregated|' systemd/caregated.service >"$work/caregated.service"
cat >"$work/caregate.yaml" <<EOF
site: s1
devices_dir: /opt/caregate/devices
registry_seed: /etc/caregate/devices.yaml
broker:
  url: mqtt://127.0.0.1:$port
  username: caregate
  password_file: /etc/caregate/broker.password
http:
  listen: 127.0.0.1:0
EOF
cat >"$work/devices.yaml" <<'EOF'
residents:
  - ref: R-1
    fall_risk: high
devices:
  - id: fr-1
    profile: caregate.fall-radar
    room: "101"
    zone: bedroom
    resident: R-1
EOF
# The target only boots the container: the gateway is started once its password file is there.
printf '[Unit]\nDescription=CareGate container check\nWants=sysinit.target\n' >"$work/check.target"
: >"$work/masked"
binds=(
  --bind-ro="$bin:/opt/caregate/bin/caregated" --bind-ro="$PWD/Devices:/opt/caregate/devices"
  --bind-ro="$work/caregated.service:/etc/systemd/system/caregated.service"
  --bind-ro="$work/check.target:/etc/systemd/system/caregate-check.target"
  --bind-ro="$PWD/packaging/sysusers/caregate.conf:/etc/sysusers.d/caregate.conf"
  --bind-ro="$PWD/packaging/logrotate/caregate:/etc/logrotate.d/caregate"
  --bind-ro="$work/caregate.yaml:/etc/caregate/caregate.yaml" --bind-ro="$work/devices.yaml:/etc/caregate/devices.yaml"
  # The unit wants mosquitto.service; the broker here runs outside the container.
  --bind-ro="$work/masked:/etc/systemd/system/mosquitto.service"
)
# A debug build finds the Swift runtime in the toolchain; a release build (static) needs nothing.
runtime=$(ldd "$bin" | sed -n 's|.*=> \(/.*\)/libswiftCore.so.*|\1|p')
[ -z "$runtime" ] || binds+=(--bind-ro="$runtime")

systemd-nspawn --quiet --directory=/ --volatile=yes --register=no --keep-unit --machine="caregate-check-$$" \
  --console=read-only "${binds[@]}" --boot -- systemd.unit=caregate-check.target systemd.firstboot=off \
  >"$work/console.log" 2>&1 &
nspawn=$!
init=
for _ in $(seq 1 300); do
  init=$(pgrep -P "$nspawn" || true)
  [ -n "$init" ] && grep -q 'CareGate container check' "$work/console.log" && break
  kill -0 "$nspawn" 2>/dev/null || break
  sleep 0.2
done
in_container() { nsenter -t "$init" -a "$@"; }
property() { in_container systemctl show caregated -p "$1" --value; }
wait_until() {  # wait_until SECONDS COMMAND...: true once COMMAND succeeds
  local deadline=$((SECONDS + $1))
  shift
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || return 1
    sleep 0.5
  done
}
if [ -z "$init" ] || ! grep -q 'CareGate container check' "$work/console.log"; then
  echo "container-check: the container did not boot" >&2
  sed 's/\x1b\[[0-9;]*m//g' "$work/console.log" | tail -20 >&2
  exit 2
fi
echo "     systemd in the container: $(in_container systemctl --version | head -n 1)"

in_container sh -c 'umask 027; echo gateway-secret >/etc/caregate/broker.password; chgrp caregate /etc/caregate/broker.password'
is_active() { [ "$(property ActiveState)" = active ]; }
# Type=notify: `systemctl start` returns once READY=1 arrived (the broker subscription).
check "systemctl start returns with the unit active" in_container systemctl start caregated
check "Type=notify: active once READY=1 came" is_active
check "status names the broker" grep -q "ingesting from mqtt://127.0.0.1:$port" <<<"$(property StatusText)"
pid=$(property MainPID)
status_of() { in_container grep "^$1:" "/proc/$pid/status" | tr -s '\t ' ' '; }
check "runs as user caregate" test "$(in_container stat -c %U "/proc/$pid")" = caregate
check "no capabilities" grep -q 'CapEff: 0000000000000000' <<<"$(status_of CapEff)"
check "no_new_privs" grep -q 'NoNewPrivs: 1' <<<"$(status_of NoNewPrivs)"
check "seccomp filter in force" grep -q 'Seccomp: 2' <<<"$(status_of Seccomp)"
check "state directory is caregate's, mode 0700" test "$(in_container stat -c '%U %a' /var/lib/caregate)" = "caregate 700"

now() { date +%s%3N; }
publish() { mosquitto_pub -p "$port" -u device -P device-secret -q 1 -t "care/s1/$1" -m "$2"; }
publish fall-radar/fr-1/event "{\"ts\":$(now),\"seq\":1,\"type\":\"fall\",\"data\":{}}"
alert_logged() { in_container grep -q "\"rule\":\"$1\"" /var/log/caregate/alerts.jsonl; }
check "a fall published over MQTT is in the alert log" wait_until 20 alert_logged fall
check "alert log mode 0600 (UMask=0077)" test "$(in_container stat -c %a /var/log/caregate/alerts.jsonl)" = 600

check "systemctl reload (ExecReload, SIGHUP)" in_container systemctl reload caregated
check "reload reported back (RELOADING=1, READY=1)" test "$(property StatusText)" = reloaded
# Rotation as the shipped logrotate file does it (its postrotate signals the daemon through
# systemd), or by hand where logrotate is not installed.
if command -v logrotate >/dev/null; then
  check "logrotate with the shipped configuration" \
    in_container logrotate -f -s /var/lib/logrotate.status /etc/logrotate.d/caregate
else
  in_container mv /var/log/caregate/alerts.jsonl /var/log/caregate/alerts.jsonl.1
  in_container systemctl reload caregated
fi
# The daemon creates the new file when the HUP reaches it.
check "the daemon reopened the alert log" wait_until 20 in_container test -f /var/log/caregate/alerts.jsonl
publish call-button/cb-1/event "{\"ts\":$(now),\"seq\":1,\"type\":\"sos\",\"data\":{}}"
check "after the rotation the next alert goes to a new file" wait_until 20 alert_logged sos
check "the rotated file kept the first alert" in_container grep -q '"rule":"fall"' /var/log/caregate/alerts.jsonl.1
raised_fall_in_new_file() { in_container grep -q '"transition":"raised","rule":"fall"' /var/log/caregate/alerts.jsonl; }
check "the new file holds only what came after" eval '! raised_fall_in_new_file'

in_container kill -STOP "$pid"
restarted() { [ "$(property NRestarts)" = 1 ] && is_active; }
check "a hung daemon is killed by the watchdog and restarted (within 60 s)" wait_until 60 restarted
check "the restart was the watchdog's" in_container journalctl -u caregated --grep 'Watchdog timeout'

check "systemctl stop" in_container systemctl stop caregated
check "stopped gracefully with exit status 0" test "$(property ExecMainStatus) $(property Result)" = "0 success"
in_container journalctl -u caregated --no-pager >"$work/journal.log" 2>&1 || true

if [ $failures -eq 0 ]; then
  echo "container-check: all checks passed"
else
  echo "container-check: $failures check(s) failed; the unit's journal:"
  grep -v 'thread priority' "$work/journal.log" | tail -30
  exit 1
fi
