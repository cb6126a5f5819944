#!/usr/bin/env bash
# The main job, on a fresh Debian machine with the Swift toolchain: installs the system packages,
# builds CareGate, starts a private mosquitto on a free loopback port, the gateway daemon and a
# simulated care-home floor (native and vendor devices, scripted incidents), and shows live what
# the gateway ingests and the alerts it raises. Ctrl-C stops everything.
#
#   scripts/demo.sh [--minutes N]        (default 30)
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=30
[ "${1:-}" = "--minutes" ] && minutes="${2:-30}"

scripts/install-deps.sh
echo "building CareGate (the first build takes a few minutes)..."
for product in caregated caregate; do
  if ! output=$(swift build --product "$product" 2>&1); then
    echo "$output" | grep -v "unhandled; explicitly declare\|CMakeLists.txt" | tail -40
    echo "the build failed"
    exit 1
  fi
done
bin="$(swift build --show-bin-path)"

demo="$PWD/.caregate-demo"
rm -rf "$demo"
mkdir -p "$demo"
pids=()
cleanup() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  echo
  echo "stopped. Everything the demo wrote is in $demo (caregated.log, alerts.jsonl, state/)."
}
trap cleanup EXIT INT TERM

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat > "$demo/mosquitto.conf" <<EOF
listener $port 127.0.0.1
allow_anonymous true
persistence true
persistence_location $demo/
# A QoS 1 subscriber that falls behind must not lose messages at the broker.
max_queued_messages 0
# Alerts go out at once, not after the previous packet's delayed ACK (Nagle).
set_tcp_nodelay true
EOF
[ "$(id -u)" -eq 0 ] && echo "user root" >> "$demo/mosquitto.conf"
mosquitto -c "$demo/mosquitto.conf" > "$demo/mosquitto.log" 2>&1 &
pids+=($!)

# The simulated floor's residents and devices, as the site's registry seed. For the demo it is
# night on this floor now (so the night bed-exit rule is live whatever the time), and the bed-exit
# delays are shortened from 20/45 minutes to 90 s / 3 minutes so you see the alert.
"$bin/caregate" simulate --site demo --seed 7 --count 0 --write-registry "$demo/devices.yaml" >/dev/null
night="$(TZ=Asia/Shanghai date -d '-1 hour' +%H:%M)-$(TZ=Asia/Shanghai date -d "+$((minutes / 60 + 2)) hour" +%H:%M)"
sed -i "s/night_window: \"22:00-06:00\"/night_window: \"$night\"/" "$demo/devices.yaml"

cat > "$demo/caregate.yaml" <<EOF
site: demo
timezone: Asia/Shanghai
state_dir: $demo/state
devices_dir: $PWD/Devices
registry_seed: $demo/devices.yaml
alert_log: $demo/alerts.jsonl
broker:
  url: mqtt://127.0.0.1:$port
http:
  listen: 127.0.0.1:0
alerts:
  rules:
    bed_exit: { standard_return_s: 90, independent_return_s: 180 }
EOF
"$bin/caregate" check-config "$demo/caregate.yaml"

"$bin/caregated" --config "$demo/caregate.yaml" > "$demo/caregated.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do
  grep -q 'msg="gateway ready"' "$demo/caregated.log" 2>/dev/null && break
  sleep 0.1
done
grep -q 'msg="gateway ready"' "$demo/caregated.log" || { echo "caregated did not become ready:"; cat "$demo/caregated.log"; exit 1; }

cat <<EOF

CareGate demo: site "demo", broker mqtt://127.0.0.1:$port, state in $demo
A floor of simulated devices (fall and vitals radars, care beds, watches, call buttons,
wheelchairs, a hoist, a rehab robot, and zigbee2mqtt / Alibaba Alink / ESPHome vendor devices)
publishes in real time. Scripted incidents: a fall at 0:20, a night bed exit at 0:40, apnea at
1:00, a wheelchair tip-over at 1:30, a fall radar going silent at 2:00, malformed messages at 2:30.
Unacknowledged high alerts re-notify every 10 s and escalate after 60 s / 3 min / 5 min.
Every 15 s a line shows what was ingested. Ctrl-C to stop.

EOF

"$bin/caregate" simulate --config "$demo/caregate.yaml" --seed 7 --duration "${minutes}m" --rate-scale 5 --malformed 0.002 \
  --scenario "20s fall" --scenario "40s bed-exit" --scenario "1m apnea" --scenario "90s tip-over" \
  --scenario "2m silent-device fr-0002 minutes=10 offline=true" --scenario "150s malformed-burst count=40" \
  > "$demo/simulate.log" 2>&1 &
pids+=($!)

"$bin/caregate" alerts tail -f -n 0 --config "$demo/caregate.yaml" &
pids+=($!)

while sleep 15; do
  "$bin/caregate" stats --config "$demo/caregate.yaml" --brief 2>/dev/null || true
done
