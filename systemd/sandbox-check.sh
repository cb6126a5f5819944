#!/usr/bin/env bash
# Checks that caregated, doing real work, stays inside the sandbox caregated.service gives it.
#
# Runs the daemon under strace against a private mosquitto through a workload (start and READY=1
# with the watchdog on, telemetry and an alert, the HTTP API, SIGHUP after the alert log was moved,
# a second alert, SIGTERM), then checks every system call and file it touched against the unit:
#   SystemCallFilter=         every call is in the unit's allowed set (expanded by systemd-analyze)
#   MemoryDenyWriteExecute=   no mmap with PROT_WRITE|PROT_EXEC, no mprotect adding PROT_EXEC
#   RestrictAddressFamilies=  sockets only AF_UNIX, AF_INET, AF_INET6 (others are listed: they fail
#                             with EAFNOSUPPORT under the unit, which glibc's resolver tolerates)
#   ProtectSystem=strict      writes only to the state directory, the log directory and /tmp
#   ProcSubset=pid, PrivateDevices=, ProtectHome=, LockPersonality=, RestrictRealtime=,
#   RestrictNamespaces=, RestrictSUIDSGID=: the calls and paths each would refuse
# With systemd as PID 1, `systemd-run` can run the real unit instead; this check is for machines
# (containers, CI) where it is not.
#
#   systemd/sandbox-check.sh [BIN_DIR]     BIN_DIR holds caregated (default: .build/debug)
set -euo pipefail
cd "$(dirname "$0")/.."
bin_dir=${1:-.build/debug}
unit=systemd/caregated.service
for tool in strace setpriv mosquitto mosquitto_pub systemd-analyze python3 curl; do
  command -v "$tool" >/dev/null || { echo "sandbox-check: $tool is needed" >&2; exit 2; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/caregate-sandbox-XXXXXX")
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ -n "${KEEP:-}" ] && echo "kept $work" || rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

port=$(free_port)
mkdir -p "$work/broker" "$work/state" "$work/log"
cat >"$work/broker/mosquitto.conf" <<EOF
listener $port 127.0.0.1
allow_anonymous true
persistence true
persistence_location $work/broker/
max_queued_messages 0
user root
EOF
mosquitto -c "$work/broker/mosquitto.conf" >"$work/broker/log" 2>&1 &
pids+=($!)

# A notify socket that records what the daemon tells systemd.
python3 - "$work/notify.sock" "$work/notify.log" <<'EOF' &
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
with open(sys.argv[2], "a", buffering=1) as log:
    while True:
        log.write(s.recv(4096).decode() + "\n--\n")
EOF
pids+=($!)

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
  - id: cb-1
    profile: caregate.call-button
    room: "102"
EOF
printf 'registry_seed: %s\n' "$work/devices.yaml" >"$work/caregate.yaml"
while [ ! -S "$work/notify.sock" ]; do sleep 0.1; done

# The daemon runs as an unprivileged user without capabilities and with no_new_privs, as under
# the unit (as root, SQLite would fchown the files it creates, which the unit never sees).
chmod 0755 "$work"
chown nobody:nogroup "$work/state" "$work/log"
chmod 0666 "$work/notify.sock"
NOTIFY_SOCKET=$work/notify.sock WATCHDOG_USEC=2000000 \
  strace -f -qq -o "$work/trace" \
  setpriv --reuid=nobody --regid=nogroup --clear-groups --no-new-privs --bounding-set=-all --inh-caps=-all \
  "$(realpath "$bin_dir")/caregated" --config "$work/caregate.yaml" --broker "mqtt://127.0.0.1:$port" --site s1 \
  --state-dir "$work/state" --alert-log "$work/log/alerts.jsonl" --devices-dir Devices --http 127.0.0.1:0 \
  >"$work/daemon.log" 2>&1 &
tracer=$!
pids+=($tracer)
# Signals go to the daemon itself, strace's child (strace would act on them, not pass them on).
until daemon=$(pgrep -P "$tracer"); do sleep 0.05; done
pids=("$daemon" "${pids[@]}")

wait_for() {  # wait_for SECONDS DESCRIPTION COMMAND...
  local deadline=$((SECONDS + $1)) what=$2
  shift 2
  until "$@" >/dev/null 2>&1; do
    if [ $SECONDS -ge $deadline ]; then
      echo "sandbox-check: timed out waiting for $what" >&2
      tail -20 "$work/daemon.log" >&2
      exit 1
    fi
    sleep 0.2
  done
}
wait_for 120 "READY=1" grep -qx READY=1 "$work/notify.log"
now() { date +%s%3N; }
mosquitto_pub -p "$port" -q 1 -t care/s1/fall-radar/fr-1/telemetry -m "{\"ts\":$(now),\"seq\":1,\"props\":{\"presence\":true}}"
mosquitto_pub -p "$port" -q 1 -t care/s1/fall-radar/fr-1/event -m "{\"ts\":$(now),\"seq\":2,\"type\":\"fall\",\"data\":{}}"
wait_for 30 "the first alert" grep -q '"rule":"fall"' "$work/log/alerts.jsonl"
if [ -f "$work/state/http.port" ]; then
  curl -s -o /dev/null "http://127.0.0.1:$(cat "$work/state/http.port")/health" || true
fi
mv "$work/log/alerts.jsonl" "$work/log/alerts.jsonl.1"
kill -HUP "$daemon"
wait_for 30 "the reload" grep -qx STATUS=reloaded "$work/notify.log"
mosquitto_pub -p "$port" -q 1 -t care/s1/call-button/cb-1/event -m "{\"ts\":$(now),\"seq\":1,\"type\":\"sos\",\"data\":{}}"
wait_for 30 "the second alert" grep -q '"rule":"sos"' "$work/log/alerts.jsonl"
sleep 2.5  # at least one watchdog ping (every 1 s here) after the alerts
kill -TERM "$daemon"
status=0
wait "$tracer" || status=$?
echo "workload done: daemon exit status $status, $(grep -c '^WATCHDOG=1' "$work/notify.log") watchdog pings"

# The unit's allowed system calls, expanded the way systemd expands them.
mapfile -t filters < <(sed -n 's/^SystemCallFilter=//p' "$unit")
python3 - "$work/trace" "$work" "${filters[@]}" <<'EOF'
import re, subprocess, sys

trace_path, work, filters = sys.argv[1], sys.argv[2], sys.argv[3:]
groups = {}
def expand(name):
    if not name.startswith("@"):
        return {name}
    if name not in groups:
        out = subprocess.run(["systemd-analyze", "syscall-filter", name], capture_output=True, text=True, check=True).stdout
        members = set()
        for line in out.splitlines()[1:]:
            line = line.strip()
            if line and not line.startswith("#"):
                members |= expand(line)
        groups[name] = members
    return groups[name]

allowed = set()
for entry in filters:
    deny = entry.startswith("~")
    names = set()
    for token in entry.lstrip("~").split():
        names |= expand(token)
    if deny:
        allowed -= names
    else:
        allowed |= names

# What glibc reads and copes without: the unit hides it, and that is fine.
tolerated = {
    "/proc/sys/vm/overcommit_memory": "glibc malloc reads it when trimming a thread arena; unreadable, it keeps its default",
}
call = re.compile(r"^\d+\s+(?:<\.\.\. )?([a-z0-9_]+)(?:\(| resumed>)(.*)$")
used, problems, families, files = {}, [], set(), set()
started = False
for line in open(trace_path, errors="replace"):
    m = call.match(line)
    if not m:
        continue
    name, rest = m.group(1), m.group(2)
    # setpriv's own set-up (setresuid, capabilities) happens before the daemon exists.
    if not started:
        started = name == "execve" and "/caregated\"" in rest and rest.rstrip().endswith("= 0")
        continue
    used[name] = used.get(name, 0) + 1
    if name in ("mmap", "mmap2") and "PROT_WRITE" in rest and "PROT_EXEC" in rest:
        problems.append("MemoryDenyWriteExecute: " + line.strip())
    if name in ("mprotect", "pkey_mprotect") and "PROT_EXEC" in rest:
        problems.append("MemoryDenyWriteExecute: " + line.strip())
    if name == "personality":
        problems.append("LockPersonality: " + line.strip())
    if name in ("sched_setscheduler", "sched_setattr") and ("SCHED_FIFO" in rest or "SCHED_RR" in rest):
        problems.append("RestrictRealtime: " + line.strip())
    if name in ("unshare", "setns") or (name in ("clone", "clone3") and "CLONE_NEW" in rest):
        problems.append("RestrictNamespaces: " + line.strip())
    if name in ("chmod", "fchmod", "fchmodat") and re.search(r"0[0-7]*[4-7][0-7]{3}\b", rest):
        problems.append("RestrictSUIDSGID: " + line.strip())
    if name == "socket" and rest.startswith("AF_"):
        families.add(rest.split(",")[0])
    if name in ("open", "openat", "creat", "mkdir", "mkdirat", "rename", "renameat", "renameat2", "unlink", "unlinkat"):
        paths = re.findall(r'"([^"]*)"', rest)
        writes = name not in ("open", "openat") or re.search(r"O_WRONLY|O_RDWR|O_CREAT", rest)
        for path in paths:
            files.add((path, bool(writes), "= -1" in rest))

outside = sorted(n for n in used if n not in allowed)
for name in outside:
    problems.append(f"SystemCallFilter: {name} ({used[name]} calls) would fail with EPERM")
for path, writes, failed in sorted(files):
    if not path.startswith("/"):
        continue
    if writes and not failed and not (path.startswith(work) or path.startswith("/tmp/")):
        problems.append(f"ProtectSystem=strict: write to {path}")
    if path.startswith("/proc/") and not re.match(r"/proc/(self|thread-self|\d+)(/|$)", path) and not failed:
        if path in tolerated:
            print(f"tolerated: ProcSubset=pid hides {path}: {tolerated[path]}")
        else:
            problems.append(f"ProcSubset=pid: {path} is hidden")
    if path.startswith("/dev/") and not failed and path not in ("/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom", "/dev/tty", "/dev/shm") and not path.startswith("/dev/shm/"):
        problems.append(f"PrivateDevices: {path} is absent")
    if (path.startswith("/home/") or path.startswith("/root/")) and not failed:
        problems.append(f"ProtectHome: {path} is hidden")
other = sorted(f for f in families if f not in ("AF_UNIX", "AF_INET", "AF_INET6"))

print(f"system calls used: {len(used)} distinct, {sum(used.values())} calls; allowed by the unit: {len(allowed)}")
print("socket families used:", ", ".join(sorted(families)))
if other:
    print("  refused by RestrictAddressFamilies (EAFNOSUPPORT):", ", ".join(other))
for problem in problems:
    print("PROBLEM", problem)
print("sandbox-check:", "no problems" if not problems else f"{len(problems)} problem(s)")
sys.exit(1 if problems else 0)
EOF
[ "$status" -eq 0 ] || { echo "sandbox-check: caregated exited with status $status" >&2; exit 1; }
