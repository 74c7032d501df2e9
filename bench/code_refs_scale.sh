#!/usr/bin/env bash
# Benchmark, not a test: how long --app-dir takes on a large repository.
#
# Generates a git repository of FILES source files (default 100,000: Ruby, Python, TypeScript,
# Go and SQL in 1,000 folders, about 1 KB each, one in a hundred referring to orders.status,
# plus an ignored tmp/ and a node_modules/ of 10,000 files each that the scan must skip),
# commits it, then times planning orders.status (examples/orders) with and without --app-dir,
# in the repository and, with its .git removed, as a plain folder. Min and median of 3 runs.
#
# Usage: bench/code_refs_scale.sh path/to/backfill-plan [FILES]
set -euo pipefail
tool=$(realpath "$1")
files=${2:-100000}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
repo=$work/app

echo "generating $files files in $repo ..." >&2
mkdir -p "$repo"
(
  cd "$repo"
  exts=(rb py ts go sql)
  for ((d = 0; d < 1000; d++)); do mkdir -p "src/d$d"; done
  mkdir -p tmp node_modules/pkg
  filler=$(head -c 900 /dev/zero | tr '\0' 'x' | fold -w 60)
  for ((i = 0; i < files; i++)); do
    ext=${exts[$((i % 5))]}
    f="src/d$((i % 1000))/f$i.$ext"
    if ((i % 100 == 0)); then
      case $ext in
        rb) body='Order.where(status: "pending").count' ;;
        py) body='Order.objects.filter(status="pending")' ;;
        ts) body='prisma.order.findMany({ where: { status: "pending" } })' ;;
        go) body='db.Model(&orders).Where("status = ?", s)' ;;
        sql) body='SELECT id FROM orders WHERE status = $1;' ;;
      esac
    else
      body="value_$i = compute($i) # status of payment $i"
    fi
    printf '%s\n%s\n' "$body" "$filler" >"$f"
  done
  for ((i = 0; i < 10000; i++)); do
    printf 'Order.where(status: 1)\n' >"tmp/t$i.rb"
    printf 'Order.where(status: 1)\n' >"node_modules/pkg/n$i.js"
  done
  printf 'tmp/\n' >.gitignore
  git init -q && git add -A && git -c user.email=b@example.com -c user.name=bench commit -qm files
) >&2

# run LABEL ARGS...: min and median wall time of 3 runs, and the places found.
run() {
  local label=$1 times=() t places
  shift
  for _ in 1 2 3; do
    local start end
    start=$(date +%s.%N)
    (cd "$root/examples/orders" && "$tool" orders.status --format json --date 2026-11-21 "$@") >"$work/plan.json"
    end=$(date +%s.%N)
    times+=("$(echo "$end - $start" | bc)")
  done
  places=$(grep -c '"construct"' "$work/plan.json" || true)
  IFS=$'\n' read -r -d '' -a sorted < <(printf '%s\n' "${times[@]}" | sort -n && printf '\0')
  printf '| %s | %.2f s | %.2f s | %s |\n' "$label" "${sorted[0]}" "${sorted[1]}" "$places"
}

echo "| run | min | median | places |"
echo "|---|---|---|---|"
run "without --app-dir"
run "--app-dir, git repository ($files files)" --app-dir "$repo"
rm -rf "$repo/.git"
run "--app-dir, plain folder (no ignore rules: tmp/ read too)" --app-dir "$repo"
