#!/usr/bin/env bash
# Every committed plan passes markdownlint-cli2 (pinned in tests/node) with the project's
# .markdownlint-cli2.jsonc.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
lint=$root/tests/node/node_modules/.bin/markdownlint-cli2
if [ ! -x "$lint" ]; then
  echo "markdownlint: skipped: tests/node is not installed (./bootstrap test installs it)"
  exit 77
fi
cd "$root"
passed=0 failed=0
for plan in examples/*/expected/*.md; do
  if "$lint" "$plan" >/tmp/markdownlint.$$ 2>&1; then
    passed=$((passed + 1))
  else
    grep -E "error|MD[0-9]" /tmp/markdownlint.$$ | head -10
    failed=$((failed + 1))
  fi
done
rm -f /tmp/markdownlint.$$
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
