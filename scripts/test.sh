#!/usr/bin/env bash
# Runs CareGate's tests: unit tests, and integration tests that start real mosquitto brokers on
# free loopback ports and run the built caregated / caregate binaries against them.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build
export CAREGATE_BIN_DIR="$(swift build --show-bin-path)"
swift test "$@"
