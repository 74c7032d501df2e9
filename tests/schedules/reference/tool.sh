#!/bin/bash
# backfill-plan ($BACKFILL_PLAN), then patch_bundle.py on the bundle it wrote (see there).
"${BACKFILL_PLAN:?set BACKFILL_PLAN to the backfill-plan binary}" "$@" || exit $?
out= prev=
for a in "$@"; do [ "$prev" == --output ] && out=$a; prev=$a; done
exec python3 "$(dirname "$0")/patch_bundle.py" "$out"
