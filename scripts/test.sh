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
swift test --skip-build "$@"
