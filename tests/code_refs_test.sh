#!/usr/bin/env bash
# --app-dir: the places in an application's code that refer to the column, as the plans list them.
# The example application (examples/orders/app) yields exactly the places below; a repository's
# ignore rules, vendored folders, a hostile file name, --all, a rename and the error paths.
# Usage: bash tests/code_refs_test.sh path/to/backfill-plan
set -uo pipefail
tool=$(realpath "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
command -v git >/dev/null || { echo "code refs: skipped: git is not installed (./bootstrap test installs it)"; exit 77; }
command -v node >/dev/null || { echo "code refs: skipped: node is not installed (./bootstrap test installs it)"; exit 77; }

passed=0 failed=0
check() {  # description, then a command that must succeed
  local what=$1
  shift
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $what"; fi
}
# places FILE: "path:line kind construct" for each place of the JSON plan in FILE.
places() {
  node -e 'const p = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
           for (const r of p.application_code.places) console.log(`${r.path}:${r.line} ${r.kind} ${r.construct}`)' "$1"
}

# 1. The example application: every place that refers to orders.status, and none of the look-alikes
# (payments', refunds' and shipments' status, HTTP statuses, a JSON field, comments, vendor/).
(cd "$root/examples/orders" && "$tool" orders.status --format json --app-dir app --date 2026-11-21) >"$work/plan.json"
cat >"$work/expected.txt" <<'TXT'
db/queries/orders.sql:2 read sqlc query CountByStatus
reports/migrations/0002_order_status.py:10 migration Django migration
reports/models.py:5 model Django model Order
reports/queries.py:5 filter SQL string
reports/views.py:8 filter Django query
reports/views.py:13 read Django query
shop/app/controllers/orders_controller.rb:4 filter ActiveRecord query
shop/app/controllers/orders_controller.rb:10 write ActiveRecord attribute
shop/app/models/order.rb:6 model ActiveRecord model Order
shop/app/models/order.rb:7 filter ActiveRecord model Order
shop/app/models/order.rb:10 write ActiveRecord model Order
shop/app/models/order.rb:14 read ActiveRecord model Order
shop/db/migrate/20260301000000_add_status_to_orders.rb:3 migration Rails migration
shop/db/schema.rb:4 model Rails schema.rb
web/prisma/schema.prisma:4 model Prisma model Order
web/src/orders.test.ts:5 test JavaScript attribute
web/src/orders.ts:7 write Prisma query
web/src/orders.ts:12 filter Prisma query
TXT
places "$work/plan.json" >"$work/found.txt"
check "the example application's places are exactly the expected ones" diff "$work/expected.txt" "$work/found.txt"
check "each kind found has one action per transition phase" node -e '
  const p = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const kinds = new Set(p.application_code.places.map(r => r.kind));
  const ok = p.application_code.actions.length === kinds.size &&
             p.application_code.actions.every(a => kinds.has(a.kind) && a.phases.length === p.transition.phases.length);
  process.exit(ok ? 0 : 1)' "$work/plan.json"
check "the checklist asks for the places to be reviewed" grep -q '18 places in 12 files of app' "$work/plan.json"

# 2. A repository of its own: git's ignore rules hold; an untracked file they let through is read;
# a vendored folder, a file .gitattributes marks generated and the schema file given with --schema are not.
repo=$work/repo
mkdir -p "$repo/app/models" "$repo/tmp" "$repo/node_modules/orm" "$repo/lib"
cp "$root/examples/orders/schema.sql" "$repo/schema.sql"
printf 'class Order < ApplicationRecord\n  validates :status, presence: true\nend\n' >"$repo/app/models/order.rb"
printf 'Order.where(status: "x")\n' >"$repo/tmp/scratch.rb"
printf 'Order.where(status: "x")\n' >"$repo/node_modules/orm/order.js"
printf 'tmp/\n' >"$repo/.gitignore"
mkdir -p "$repo/lib/gen"
printf 'Order.where(status: "x")\n' >"$repo/lib/gen/orders_pb.rb"
printf 'lib/gen/** linguist-generated\n' >"$repo/.gitattributes"
git -C "$repo" init -q && git -C "$repo" add .gitignore .gitattributes app schema.sql lib/gen
printf 'Order.where(status: "pending").count\n' >"$repo/lib/report.rb"  # untracked, not ignored
(cd "$repo" && "$tool" orders.status --set "'pending'" --format json --app-dir . --date 2026-11-21) >"$work/repo.json" 2>"$work/err.txt"
places "$work/repo.json" >"$work/found.txt"
printf 'app/models/order.rb:2 model ActiveRecord model Order\nlib/report.rb:1 filter ActiveRecord query\n' >"$work/expected.txt"
check "ignored, vendored and schema files are skipped; an untracked file is read" diff "$work/expected.txt" "$work/found.txt"

# 3. A hostile file name (a newline and backticks in it) stays inside one code span on one line.
hostile=$work/hostile
mkdir -p "$hostile"
printf 'Order.where(status: 1)\n' >"$hostile/$(printf 'a``b\nc.rb')"
(cd "$root/examples/orders" && "$tool" orders.status --detailed --app-dir "$hostile" --date 2026-11-21) >"$work/hostile.md"
check "a file name with a newline and backticks is one escaped list item" grep -qF -e '- ```a``b\nc.rb``` (1)' "$work/hostile.md"

# A Latin-1 file name and source line: the JSON plan is still valid UTF-8, the bytes escaped.
latin=$work/latin
mkdir -p "$latin"
printf 'Order.where(status: "r\xe9gl\xe9")\n' >"$latin/$(printf 'caf\xe9.rb')"
(cd "$root/examples/orders" && "$tool" orders.status --format json --app-dir "$latin" --date 2026-11-21) >"$work/latin.json"
check "a Latin-1 name and line are escaped in a valid JSON plan" \
  test "$(places "$work/latin.json")" = 'caf\xe9.rb:1 filter ActiveRecord query'

# 4. --all reads the repository once for every plan; a rename looks for the old name.
mkdir -p "$work/all/backfills"
cp "$root/examples/orders/backfills/orders.status.json" "$work/all/backfills/"
printf '{"target": "public.customers.email", "kind": "fix", "set": "lower(email)"}\n' >"$work/all/backfills/customers.email.json"
(cd "$root/examples/orders" && "$tool" --all "$work/all/backfills" --output "$work/all/out" --app-dir app --detailed --date 2026-11-21)
check "--all: every plan lists the application's code" test "$(grep -l '### Code that refers to `' "$work/all/out/"*.md | wc -l)" -eq 2
rename=$work/rename
mkdir -p "$rename/app"
printf 'class Customer(models.Model):\n    name = models.TextField()\n' >"$rename/app/models.py"
(cd "$root/examples/rename" && "$tool" --requirement backfills/customers.name.json --format json --app-dir "$rename/app" --date 2026-11-21) >"$work/rename.json"
places "$work/rename.json" >"$work/found.txt"
check "a rename lists the places of the old name" grep -qx 'models.py:2 model Django model Customer' "$work/found.txt"

# 5. Errors: a folder that is not there, and flags --app-dir does not go with; nothing is written.
cd "$root/examples/orders"
"$tool" orders.status --app-dir "$work/none" >/dev/null 2>"$work/err.txt"
check "a missing --app-dir exits 2 naming it" test $? -eq 2 -a "$(grep -c "$work/none" "$work/err.txt")" -eq 1
"$tool" --all backfills --output "$work/out_none" --app-dir "$work/none" >/dev/null 2>&1
check "--all with a missing --app-dir writes no output folder" test ! -e "$work/out_none"
"$tool" orders.status --check --app-dir app >/dev/null 2>"$work/err.txt"
check "--check with --app-dir is a usage error" test $? -eq 2

echo "code refs: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
