#!/usr/bin/env bash
# One command for the whole benchmark: builds the gateway under test (this checkout's caregated)
# and the instrument in release mode, then runs it. Arguments go to caregate-bench, e.g.
#   Benchmarks/bench.sh                      every phase, table + results/latest.json
#   Benchmarks/bench.sh run --phases baselines,caregate --messages 200000
#   Benchmarks/bench.sh callgrind            instructions per message
set -euo pipefail
cd "$(dirname "$0")"
swift build -c release --product caregated
swift build -c release --product caregate-bench
exec .build/release/caregate-bench "$@"
