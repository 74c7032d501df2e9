# A self-check of the schedule test, not part of the suite: turns a bundle of the layout of
# commit 1c5e4c4 (before the backup redesign) into one that follows the backup contract
# (new_xmin: the xmin of the row version the batch wrote, taken from UPDATE ... RETURNING,
# since a batch runs in a subtransaction; a restore only of that version; the old value kept
# only while the row is still the backfill's), so that a run shows the model and checks pass
# on a correct bundle: only check e (per-session max_rows, not patched here) may fail.
#   tests/schedules/reference/tool.sh wraps backfill-plan with it (BACKFILL_PLAN=path):
#   schedule_test --tool tests/schedules/reference/tool.sh ...
# Refuses (an assertion) a bundle whose text no longer matches.
import re, sys, pathlib
d = pathlib.Path(sys.argv[1])
p = d / "02_prepare.sql"
s = p.read_text()
s, n = re.subn(r"(\n  new_value [^\n]*,)", r"\1\n  new_xmin xid,\n  prev_xmin xid,", s, count=1); assert n == 1
s, n = re.subn(r"AS backfill_old_value\n(\s*)FROM public\.(\w+)\n", r"AS backfill_old_value, \2.xmin AS backfill_old_xmin\n\1FROM public.\2\n", s); assert n >= 4, n
s, n = re.subn(r"backfill_batch\.backfill_old_value, (\w+)\.", r"backfill_batch.backfill_old_value, backfill_batch.backfill_old_xmin, \1.xmin AS backfill_new_xmin, \1.", s); assert n >= 4, n
s, n = re.subn(r"\(([^()]*), old_value, new_value, batch_no\)\n(\s*)SELECT (.*), v_progress\.batches \+ 1 FROM backfill_updated",
              r"(\1, old_value, new_value, batch_no, new_xmin, prev_xmin)\n\2SELECT \3, v_progress.batches + 1, backfill_new_xmin, backfill_old_xmin FROM backfill_updated", s); assert n >= 4, n
s, n = re.subn(r"SET new_value = EXCLUDED\.new_value, ",
              "SET old_value = CASE WHEN backup.state = 'applied' AND backup.new_xmin = EXCLUDED.prev_xmin THEN backup.old_value ELSE EXCLUDED.old_value END, new_xmin = EXCLUDED.new_xmin, new_value = EXCLUDED.new_value, ", s); assert n >= 4, n
s, n = re.subn(r"backup\.old_value, backup\.new_value\n", "backup.old_value, backup.new_value, backup.new_xmin\n", s); assert n == 1, n
s, n = re.subn(r"backfill_rows\.new_value AS backfill_new_value\n", "backfill_rows.new_value AS backfill_new_value, backfill_rows.new_xmin AS backfill_new_xmin\n", s); assert n == 1, n
s, n = re.subn(r"AND (\w+)\.\w+ IS NOT DISTINCT FROM backfill_locked\.backfill_new_value", r"AND \1.xmin = backfill_locked.backfill_new_xmin", s); assert n == 1, n
p.write_text(s)
