#!/usr/bin/env bash
# Runs CareGate's tests: unit tests, and integration tests that start real mosquitto brokers on
# free loopback ports and run the built caregated / caregate binaries against them.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
# One build for everything: the tests and the binaries they run (a separate `swift build` and
# `swift test` would compile the whole package twice).
swift build --build-tests
export CAREGATE_BIN_DIR="$(swift build --show-bin-path)"
# The run's output is long and a CI log may keep only its end: on a failure, repeat what failed
# (with the comments that explain it) as the last thing printed.
log="$(mktemp -t caregate-tests.XXXXXX)"
trap 'rm -f "$log"' EXIT
if swift test --skip-build "$@" 2>&1 | tee "$log"; then
    exit 0
fi
echo
echo "==== what failed ===="
grep -E 'recorded an issue|^[[:space:]]*↳|: error:|^✘ Test .* failed' "$log" | grep -v -E '↳ (Testing Library Version|Target Platform)' || true
exit 1
