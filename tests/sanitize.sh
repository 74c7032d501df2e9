#!/usr/bin/env bash
# Builds with AddressSanitizer and UndefinedBehaviorSanitizer (build-asan/) and runs the unit,
# CLI, golden and fuzz-regression tests under them. Any sanitizer report fails the run.
# Usage: tests/sanitize.sh   (the end-to-end PostgreSQL tests are left out: they test SQL, not memory)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cmake -S "$root" -B "$root/build-asan" -G Ninja -DBACKFILL_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build "$root/build-asan"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS=suppressions=$root/tests/fuzz/lsan.supp
ctest --test-dir "$root/build-asan" --output-on-failure -E 'e2e|squawk|bench'
