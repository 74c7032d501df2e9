#!/usr/bin/env bash
# Every committed plan's flowchart parses with the mermaid package's parser (pinned in
# tests/node), and every script it names exists in that plan's bundle (expected/<base>.sql/).
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
if [ ! -d "$root/tests/node/node_modules/mermaid" ] || [ ! -d "$root/tests/node/node_modules/jsdom" ]; then
  echo "mermaid: skipped: tests/node is not installed (./bootstrap test installs it)"
  exit 77
fi
cd "$root"
args=()
for plan in examples/*/expected/*.md; do
  base=$(basename "$plan" .md)
  base=${base%.detailed}
  base=${base%.ja}
  args+=("$plan" "$(dirname "$plan")/$base.sql")
done
node tests/node/mermaid_check.mjs "${args[@]}"
