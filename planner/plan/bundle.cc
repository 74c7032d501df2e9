#include "planner/plan/bundle.h"

#include <algorithm>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <utility>

#include "planner/plan/sql_template.h"
#include "planner/sql/quote.h"

namespace backfill {
namespace {

// A name inside format()'s first argument: % doubled so that it cannot act as a directive.
std::string FormatSafe(const std::string& name) {
  std::string doubled;
  for (char c : name) {
    if (c == '%') doubled += '%';
    doubled += c;
  }
  return doubled;
}

// Every script (templates/sql/header.sql.mustache) and every routine runs with the same
// settings, whatever the server's or the role's: string literals read one way (the plan writes
// E'' wherever a backslash occurs, and user text is re-quoted), and only pg_catalog resolves
// unqualified functions, operators and types, so no object a role could create on its
// search_path stands in for a built-in. The plan's own objects and the user's table are always
// named schema-qualified.
constexpr const char* kPinnedRoutine = "SET search_path = pg_catalog, pg_temp\nSET standard_conforming_strings = on\n";

// Retries a block on lock timeout and deadlock with exponential backoff, then stops the run
// with the original SQLSTATE. No COMMIT happens inside: each CALL is its own transaction.
std::string WithRetries(const SqlVocabulary& v, const std::string& body, const std::string& what,
                        bool may_skip = false) {
  const std::string& p = v.var;
  std::ostringstream s;
  s << "  FOR " << p << "attempt IN 0.." << p << "max_retries LOOP\n"
    << "    BEGIN\n" << body << "      EXIT;\n"
    << "    EXCEPTION WHEN lock_not_available OR deadlock_detected THEN\n"
    << "      IF " << p << "attempt = " << p << "max_retries THEN\n"
    << "        RAISE EXCEPTION '" << what << ": % after % retries; nothing of it was written. Re-run the script to resume.',\n"
    << "          SQLERRM, " << p << "max_retries USING ERRCODE = SQLSTATE;\n"
    << "      END IF;\n"
    << "      RAISE NOTICE '" << what << ": % (SQLSTATE %), retry % of %', SQLERRM, SQLSTATE, " << p << "attempt + 1, "
    << p << "max_retries;\n"
    << "      PERFORM pg_sleep(least(0.1 * 2 ^ " << p << "attempt, 5));\n";
  if (may_skip)
    s << "    WHEN OTHERS THEN\n"
      << "      -- on_error=skip: remember the error; the caller halves the batch until the row is alone\n"
      << "      IF NOT " << p << "skip_errors THEN\n        RAISE;\n      END IF;\n"
      << "      " << p << "failed := SQLSTATE || ' ' || SQLERRM;\n"
      << "      EXIT;\n";
  s << "    END;\n"
    << "  END LOOP;\n";
  return s.str();
}

// "v_cursor_1, v_cursor_2": the PL/pgSQL variables holding one key value, one per key column.
std::string KeyVariableList(const SqlVocabulary& v, const std::string& stem) {
  std::string out;
  for (size_t i = 0; i < v.keys.size(); ++i) out += (i ? ", " : "") + v.var + stem + std::to_string(i + 1);
  return out;
}

// "v_cursor_1" or "(v_cursor_1, v_cursor_2)": the same, as a value to compare with a key row.
std::string KeyVariables(const SqlVocabulary& v, const std::string& stem) {
  std::string list = KeyVariableList(v, stem);
  return v.keys.size() > 1 ? "(" + list + ")" : list;
}

// One line per key column: "<indent>v_to_1 := v_from_1;" ("from" may name a record's fields).
std::string AssignKeys(const SqlVocabulary& v, const std::string& to, const std::string& from, const std::string& indent) {
  std::string out;
  for (size_t i = 0; i < v.keys.size(); ++i) {
    std::string n = std::to_string(i + 1);
    out += indent + v.var + to + n + " := " + v.var + from + n + ";\n";
  }
  return out;
}

// The CTE both the batch and the skip start from: the next rows still to change after the
// cursor (from the start of the table when the cursor is NULL), in key order.
// With bounded, only rows up to the window's end (end_1 ...) are read: a row comparison that the
// key's index bounds, so that a batch never reads more than one window of the table.
std::string NextRowsCte(const SqlVocabulary& v, bool from_cursor, const std::string& limit, bool lock,
                        bool bounded = false) {
  std::string cursor = KeyVariables(v, "cursor_"), end = KeyVariables(v, "end_");
  std::ostringstream s;
  s << "      WITH " << v.cte_batch << " AS (\n        SELECT ";
  for (size_t i = 0; i < v.keys.size(); ++i) s << v.Qualified(v.keys[i]) << " AS " << v.cte_keys[i] << ", ";
  s << v.Qualified(v.column) << " AS " << v.cte_old << ", " << v.ref << ".xmin AS " << v.cte_old_xmin << "\n"
    << "        FROM " << v.table << "\n"
    << "        WHERE " << (from_cursor ? v.KeyRow(v.ref) + " > " + cursor + "\n          AND " : "")
    << (bounded ? v.KeyRow(v.ref) + " <= " + end + "\n          AND " : "") << v.PendingPredicate() << "\n"
    << "        ORDER BY " << v.KeyOrder(v.ref) << "\n"
    << "        LIMIT " << limit << "\n";
  if (lock) s << "        FOR NO KEY UPDATE OF " << v.ref << "\n";
  s << "      )";
  return s.str();
}

// on_error=skip: the first row still to change after the cursor failed on its own. Record it in
// the backup table as 'skipped' (old value kept, nothing changed) and step the cursor over it.
// newly_skipped is 1 unless an earlier pass skipped the same row, so the progress table counts
// rows, not skip events.
std::string SkipStatement(const SqlVocabulary& v, bool from_cursor) {
  const std::string& p = v.var;
  std::string cte_key_list;
  for (size_t i = 0; i < v.keys.size(); ++i) cte_key_list += (i ? ", " : "") + v.cte_keys[i];
  std::ostringstream s;
  s << NextRowsCte(v, from_cursor, "1", false) << ", " << v.cte_saved << " AS (\n"
    << "        INSERT INTO " << v.backup << " AS " << v.backup_alias << " (" << v.KeyList("") << ", " << v.old_value
    << ", " << v.new_value << ", " << v.batch_no << ", " << v.state << ")\n"
    << "        SELECT " << cte_key_list << ", " << v.cte_old << ", NULL, " << p << "progress.batches + 1, 'skipped' FROM "
    << v.cte_batch << "\n"
    << "        ON CONFLICT (" << v.KeyList("") << ") DO UPDATE SET " << v.state << " = 'skipped'\n"
    << "          WHERE " << v.backup_alias << "." << v.state << " <> 'skipped'\n"
    << "        RETURNING 1\n"
    << "      )\n"
    << "      SELECT " << cte_key_list << ", (SELECT count(*) FROM " << v.cte_saved << ")\n"
    << "      INTO " << KeyVariableList(v, "last_") << ", " << p << "newly_skipped\n"
    << "      FROM " << v.cte_batch << ";\n";
  return s.str();
}

// Columns that copy a type of the user's table (key, old and new value) keep it whatever squawk's
// type rules prefer: the `-- squawk-ignore` comment names the rule the copied type trips.
std::string CopiedTypeIgnore(std::string type) {
  if (type.size() > 2 && type.compare(type.size() - 2, 2, "[]") == 0) type.resize(type.size() - 2);
  std::string rule;
  if (type == "integer" || type == "int" || type == "int4") rule = "prefer-bigint-over-int";
  else if (type == "smallint" || type == "int2") rule = "prefer-bigint-over-smallint";
  else if (type.rfind("character varying", 0) == 0 || type.rfind("varchar", 0) == 0) rule = "prefer-text-field";
  else if (type.rfind("timestamp without time zone", 0) == 0 || type == "timestamp") rule = "prefer-timestamptz";
  else if (type.rfind("character", 0) == 0 || type.rfind("bpchar", 0) == 0 || type.rfind("char(", 0) == 0) rule = "ban-char-field";
  return rule.empty() ? "" : "  -- squawk-ignore " + rule;
}

// The one statement that does a batch: lock the next rows in key order, update them, back up
// key, old and new value, and report the greatest key seen and the counts.
std::string BatchStatement(const SqlVocabulary& v, bool from_cursor, bool bounded) {
  const std::string& p = v.var;
  const std::string& e = v.cte_earlier;
  std::string cte_key_list, cte_key_order;
  for (size_t i = 0; i < v.cte_keys.size(); ++i) {
    cte_key_list += (i ? ", " : "") + v.cte_keys[i];
    cte_key_order += (i ? ", " : "") + v.cte_batch + "." + v.cte_keys[i] + " DESC";
  }
  std::ostringstream s;
  s << NextRowsCte(v, from_cursor, p + "limit", true, bounded) << ", " << v.cte_updated << " AS (\n"
    << "        UPDATE " << v.table << "\n"
    << "        SET " << v.column << " = " << v.set << "\n"
    << "        FROM " << v.cte_batch << "\n"
    << "        WHERE " << v.KeysEqual(v.ref, v.cte_keys, v.cte_batch) << "\n"
    << "        RETURNING " << v.KeyList(v.ref) << ", " << v.cte_batch << "." << v.cte_old << ", " << v.cte_batch << "."
    << v.cte_old_xmin << ",\n          " << v.Qualified(v.column) << " AS " << v.cte_new << ", " << v.ref << ".xmin AS "
    << v.cte_new_xmin << "\n"
    << "      ), " << v.cte_saved << " AS (\n"
    << "        -- A row changed again while it is still the version an earlier batch wrote keeps the\n"
    << "        -- value from before the backfill; otherwise the value just before this change is saved.\n"
    << "        INSERT INTO " << v.backup << " AS " << v.backup_alias << " (" << v.KeyList("") << ", " << v.old_value
    << ", " << v.new_value << ", " << v.new_xmin << ", " << v.new_xact << ", " << v.batch_no << ")\n"
    << "        SELECT " << v.KeyList(v.cte_updated) << ",\n"
    << "          CASE WHEN " << e << "." << v.state << " = 'applied' AND "
    << v.WroteVersion(e, v.cte_updated + "." + v.cte_old_xmin) << "\n"
    << "               THEN " << e << "." << v.old_value << " ELSE " << v.cte_updated << "." << v.cte_old << " END,\n"
    << "          " << v.cte_updated << "." << v.cte_new << ", " << v.cte_updated << "." << v.cte_new_xmin
    << ", pg_current_xact_id(), " << p << "progress.batches + 1\n"
    << "        FROM " << v.cte_updated << " LEFT JOIN " << v.backup << " AS " << e << " ON "
    << v.KeysEqual(e, v.keys, v.cte_updated) << "\n"
    << "        ON CONFLICT (" << v.KeyList("") << ") DO UPDATE\n"
    << "          SET " << v.old_value << " = EXCLUDED." << v.old_value << ", " << v.new_value << " = EXCLUDED." << v.new_value
    << ", " << v.new_xmin << " = EXCLUDED." << v.new_xmin << ", " << v.new_xact << " = EXCLUDED." << v.new_xact << ",\n"
    << "              " << v.batch_no << " = EXCLUDED." << v.batch_no << ", " << v.state << " = 'applied', " << v.backed_up_at
    << " = clock_timestamp(), " << v.restored_at << " = NULL\n"
    << "      )\n"
    << "      SELECT " << cte_key_list << ", count(*) OVER (), (SELECT count(*) FROM " << v.cte_updated << ")\n"
    << "      INTO " << KeyVariableList(v, "last_") << ", " << p << "seen, " << p << "changed\n"
    << "      FROM " << v.cte_batch << "\n"
    << "      ORDER BY " << cte_key_order << "\n"
    << "      LIMIT 1;\n";
  return s.str();
}

// The batch, and with on_error=skip its recovery: a failing batch is halved until the failing row
// is alone; that row is recorded as skipped and stepped over, and the rest of the batch's budget
// goes on from there in the same transaction, in sub-batches that start small and double while
// they succeed. Leaves the batch's totals in seen/changed/last.
std::string SkippingLoop(const SqlVocabulary& v) {
  const std::string& p = v.var;
  std::ostringstream s;
  s << "  " << p << "budget := " << p << "limit;\n"
    << "  LOOP\n"
    << "  " << p << "failed := NULL;\n"
    << WithRetries(v,
                   "      IF " + p + "end_1 IS NULL AND " + p + "cursor_1 IS NULL THEN\n" + BatchStatement(v, false, false) +
                       "      ELSIF " + p + "end_1 IS NULL THEN\n" + BatchStatement(v, true, false) + "      ELSIF " + p +
                       "cursor_1 IS NULL THEN\n" + BatchStatement(v, false, true) + "      ELSE\n" +
                       BatchStatement(v, true, true) + "      END IF;\n",
                   "batch", true)
    << "  IF " << p << "failed IS NULL THEN\n"
    << "    EXIT WHEN coalesce(" << p << "seen, 0) = 0;\n"
    << "    " << p << "total_seen := " << p << "total_seen + " << p << "seen;\n"
    << "    " << p << "total_changed := " << p << "total_changed + " << p << "changed;\n"
    << AssignKeys(v, "cursor_", "last_", "    ")
    << "    " << p << "budget := " << p << "budget - " << p << "seen;\n"
    << "    EXIT WHEN NOT " << p << "skip_errors OR " << p << "budget <= 0 OR " << p << "seen < " << p << "limit;\n"
    << "    " << p << "limit := least(" << p << "budget, " << p << "limit * 2);  -- grow back after a skip\n"
    << "    CONTINUE;\n  END IF;\n"
    << "  IF " << p << "limit > 1 THEN\n    " << p << "limit := (" << p << "limit + 1) / 2;\n    CONTINUE;\n  END IF;\n"
    << "  IF " << p << "cursor_1 IS NULL THEN\n" << SkipStatement(v, false) << "  ELSE\n"
    << SkipStatement(v, true) << "  END IF;\n"
    << "  RAISE WARNING 'skipped one row (key %): %', row(" << KeyVariableList(v, "last_") << "), " << p << "failed;\n"
    << "  UPDATE " << v.progress << " SET skipped_rows = skipped_rows + " << p << "newly_skipped WHERE id = 1;\n"
    << "  " << p << "total_seen := " << p << "total_seen + 1;\n"
    << AssignKeys(v, "cursor_", "last_", "  ")
    << "  " << p << "budget := " << p << "budget - 1;\n"
    << "  EXIT WHEN " << p << "budget <= 0;\n"
    << "  " << p << "limit := least(" << p << "budget, 2);  -- failing rows often come in runs: start small\n"
    << "  END LOOP;\n"
    << "  " << p << "seen := " << p << "total_seen;\n  " << p << "changed := " << p << "total_changed;\n"
    << AssignKeys(v, "last_", "cursor_", "  ");
  return s.str();
}

// A batch reads at most one window of the table (the keys of `window` rows after the cursor):
// where rows to change are sparse, and in the last pass that finds none, an unbounded scan
// would read the rest of the table in one statement and fail on statement_timeout, every
// time it is resumed. Windows with nothing to change are stepped over within the call, for a
// quarter of the session's statement_timeout (at most half of max_wait_s), then the next call
// goes on.
std::string WindowLoop(const SqlVocabulary& v) {
  const std::string& p = v.var;
  std::string from_progress = AssignKeys(v, "cursor_", "progress.cursor_", "  ");
  std::string step = AssignKeys(v, "cursor_", "end_", "    ");
  std::string window_end =
      "      SELECT " + v.KeyList(v.ref) + " INTO " + KeyVariableList(v, "end_") + " FROM " + v.table + "\n";
  std::string window_tail = "      ORDER BY " + v.KeyOrder(v.ref) + " OFFSET " + p + "window - 1 LIMIT 1;\n";
  std::ostringstream s;
  s << from_progress << "  " << p << "deadline := statement_timestamp() + least(make_interval(secs => " << p
    << "max_wait_s / 2),\n    nullif(current_setting('statement_timeout')::interval, interval '0') / 4);\n"
    << "  LOOP\n"
    << "    IF " << p << "cursor_1 IS NULL THEN\n" << window_end << window_tail << "    ELSE\n"
    << window_end << "      WHERE " << v.KeyRow(v.ref) << " > " << KeyVariables(v, "cursor_") << "\n" << window_tail << "    END IF;\n"
    << SkippingLoop(v)
    << "    EXIT WHEN coalesce(" << p << "seen, 0) > 0 OR " << p << "end_1 IS NULL;\n"
    << "    -- nothing to change up to the window's end\n" << step
    << "    EXIT WHEN clock_timestamp() > " << p << "deadline;\n"
    << "  END LOOP;\n"
    << "  IF coalesce(" << p << "seen, 0) = 0 AND " << p << "end_1 IS NOT NULL THEN\n"
    << "    UPDATE " << v.progress << " SET ";
  for (size_t i = 0; i < v.keys.size(); ++i) s << "cursor_" << i + 1 << " = " << p << "cursor_" << i + 1 << ", ";
  s << "last_batch_at = clock_timestamp() WHERE id = 1;\n"
    << "    RETURN;  -- the time for stepping over windows is up: the next call goes on from here\n"
    << "  END IF;\n";
  return s.str();
}

// Fills @name@ markers in a piece of SQL written as SQL. Every value is already safe for where
// it goes (quoted identifiers and literals, fragments built from them); a marker left unfilled
// is a planner bug and throws.
std::string Fill(std::string text, const std::vector<std::pair<std::string, std::string>>& values) {
  std::string out;
  size_t at = 0;
  while (true) {
    size_t open = text.find('@', at);
    if (open == std::string::npos) break;
    size_t close = text.find('@', open + 1);
    if (close == std::string::npos) throw std::logic_error("unclosed @marker@ in bundle SQL");
    std::string name = text.substr(open + 1, close - open - 1);
    auto it = std::find_if(values.begin(), values.end(), [&](const auto& kv) { return kv.first == name; });
    if (it == values.end()) throw std::logic_error("no value for @" + name + "@ in bundle SQL");
    out.append(text, at, open - at);
    out += it->second;
    at = close + 1;
  }
  out.append(text, at);
  return out;
}

// PL/pgSQL (at a body's top level) that stops with a message when row-level security applies to
// the running role: its policies would let it see and change only some of the rows, and every
// count would agree.
std::string RowSecurityGuard(const SqlVocabulary& v) {
  return Fill(R"(  IF row_security_active(@regclass@::regclass) THEN
    RAISE EXCEPTION 'row-level security applies to role % on %: it would see and change only the rows its policies show',
      current_user, @regclass@
      USING HINT = 'run the backfill scripts as the table''s owner (unless FORCE ROW LEVEL SECURITY is set), a superuser, or a role with BYPASSRLS';
  END IF;
)",
              {{"regclass", QuoteLiteral(v.table)}});
}

// PL/pgSQL (in the lag loop, and in begin()): replica lag that the role cannot see is not 0.
// Without pg_monitor (or pg_read_all_stats) pg_stat_replication shows each standby with every
// column but pid NULL.
std::string LagVisibleGuard(const SqlVocabulary& v) {
  return Fill(R"(    IF @p@hidden > 0 THEN
      RAISE EXCEPTION 'replica lag is unknown: role % sees % standby connection(s) in pg_stat_replication without their lag', current_user, @p@hidden
        USING HINT = 'grant the role pg_monitor (or pg_read_all_stats) so that the backfill can wait for the standbys, or run 03_backfill.sql -v max_lag_s=off to go on without the lag throttle';
    END IF;
)",
              {{"p", v.var}});
}

// PL/pgSQL: a rollback has stopped the backfill (90/91 set stopped_at first).
std::string StoppedGuard(const SqlVocabulary& v) {
  return Fill(R"(  IF @p@progress.stopped_at IS NOT NULL THEN
    RAISE EXCEPTION 'a rollback (%) started at %: this run stops', @p@progress.stopped_by, @p@progress.stopped_at
      USING HINT = 'to backfill again once the rollback is over, run 03_backfill.sql -v resume=1';
  END IF;
)",
              {{"p", v.var}});
}

std::string BatchProcedure(const SqlVocabulary& v) {
  const std::string& p = v.var;
  std::string keys;
  for (size_t i = 0; i < v.keys.size(); ++i)
    for (const char* stem : {"last_", "cursor_", "end_"})
      keys += "  " + p + stem + std::to_string(i + 1) + " " + v.table + "." + v.keys[i] + "%TYPE;\n";
  std::string cursor_null, cursor_last;
  for (size_t i = 0; i < v.keys.size(); ++i) {
    cursor_null += ", cursor_" + std::to_string(i + 1) + " = NULL";
    cursor_last += "cursor_" + std::to_string(i + 1) + " = " + p + "last_" + std::to_string(i + 1) + ", ";
  }
  std::string text = Fill(R"(
#variable_conflict use_column
DECLARE
  @p@progress @progress@%ROWTYPE;
@keys@  @p@window bigint := greatest(@p@batch_size::bigint * 10, 10000);
  @p@deadline timestamptz;
  @p@limit bigint;
  @p@seen bigint;
  @p@changed bigint;
  @p@lag numeric;
  @p@hidden bigint;
  @p@waiting_since timestamptz := clock_timestamp();
  @p@rate numeric;
  @p@failed text;
  @p@budget bigint;
  @p@total_seen bigint := 0;
  @p@total_changed bigint := 0;
  @p@newly_skipped bigint;
  -- This run's own counters, kept in the session by @begin_name@.
  @p@run_limit bigint := current_setting('backfill_plan.run_limit')::bigint;
  @p@run_rows bigint := current_setting('backfill_plan.run_rows')::bigint;
  @p@run_batches bigint := current_setting('backfill_plan.run_batches')::bigint;
BEGIN
  SELECT * INTO @p@progress FROM @progress@ WHERE id = 1;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no progress row: run 02_prepare.sql first';
  END IF;
@stopped@  IF @p@progress.finished_at IS NOT NULL OR (@p@run_limit > 0 AND @p@run_rows >= @p@run_limit) THEN
    RETURN;  -- complete, or this run's max_rows reached
  END IF;
  -- Throttle before taking any lock: the pause between batches, then replica lag.
  IF @p@run_batches > 0 AND @p@sleep_ms > 0 THEN
    PERFORM pg_sleep(@p@sleep_ms / 1000.0);
  END IF;
  LOOP
    EXIT WHEN @p@max_lag_s IS NULL;  -- -v max_lag_s=off
    SELECT max(extract(epoch FROM replay_lag)), count(*) FILTER (WHERE state IS NULL)
      INTO @p@lag, @p@hidden FROM pg_stat_replication;
@lag_visible@    @p@lag := coalesce(@p@lag, 0);  -- standbys with no lag measured have replayed everything
    EXIT WHEN @p@lag <= @p@max_lag_s;
    IF clock_timestamp() - @p@waiting_since > make_interval(secs => @p@max_wait_s) THEN
      RAISE EXCEPTION 'replica lag is % s, above % s, for more than % s: stopping. Re-run 03_backfill.sql to resume.',
        round(@p@lag, 1), @p@max_lag_s, @p@max_wait_s;
    END IF;
    RAISE NOTICE 'replica lag % s is above % s: waiting', round(@p@lag, 1), @p@max_lag_s;
    PERFORM pg_sleep(1);
  END LOOP;

  -- Lock the progress row: one runner at a time, a consistent cursor, and a rollback's stop seen.
  SELECT * INTO @p@progress FROM @progress@ WHERE id = 1 FOR UPDATE;
@stopped@  @p@limit := CASE WHEN @p@run_limit > 0 THEN least(@p@batch_size, @p@run_limit - @p@run_rows) ELSE @p@batch_size END;
@window_loop@
  IF coalesce(@p@seen, 0) = 0 THEN
    -- The end of a pass. Rows the application wrote behind the cursor need another pass;
    -- a pass that changed nothing means nothing is left.
    IF @p@progress.pass_rows = 0 THEN
      UPDATE @progress@ SET finished_at = clock_timestamp(), last_batch_at = clock_timestamp()@cursor_null@ WHERE id = 1;
      RAISE NOTICE 'complete: pass % found no row left to change; % rows changed in % batches',
        @p@progress.pass, @p@progress.rows_done, @p@progress.batches;
    ELSE
      UPDATE @progress@ SET pass = pass + 1, pass_rows = 0@cursor_null@, last_pass_rows = pass_rows,
             last_pass_s = extract(epoch FROM clock_timestamp() - coalesce(pass_started_at, clock_timestamp())),
             pass_started_at = clock_timestamp()
       WHERE id = 1;
      RAISE NOTICE 'pass % done (% rows changed); pass % checks the table again for rows changed behind the cursor',
        @p@progress.pass, @p@progress.pass_rows, @p@progress.pass + 1;
    END IF;
    RETURN;
  END IF;

  UPDATE @progress@
     SET @cursor_last@batches = batches + 1, pass_rows = pass_rows + @p@changed,
         rows_done = rows_done + @p@changed, last_batch_at = clock_timestamp(),
         pass_started_at = coalesce(pass_started_at, clock_timestamp())
   WHERE id = 1
  RETURNING * INTO @p@progress;
  @p@run_rows := @p@run_rows + @p@changed;
  @p@run_batches := @p@run_batches + 1;
  PERFORM set_config('backfill_plan.run_rows', @p@run_rows::text, false),
          set_config('backfill_plan.run_batches', @p@run_batches::text, false);
  -- Progress every few seconds, and on the first batch of a run.
  IF @p@run_batches = 1
     OR extract(epoch FROM clock_timestamp()) - current_setting('backfill_plan.noticed_at')::numeric >= 5 THEN
    @p@rate := @p@run_rows / greatest(extract(epoch FROM clock_timestamp()) - current_setting('backfill_plan.run_started_at')::numeric, 0.001);
    RAISE NOTICE 'batch %: % rows changed this run of about % (% %%), % rows/s, ETA % s',
      @p@progress.batches, @p@run_rows, current_setting('backfill_plan.run_total'),
      round(100.0 * @p@run_rows / greatest(current_setting('backfill_plan.run_total')::bigint, 1), 1),
      round(@p@rate), round(greatest(current_setting('backfill_plan.run_total')::bigint - @p@run_rows, 0) / greatest(@p@rate, 0.001));
    PERFORM set_config('backfill_plan.noticed_at', extract(epoch FROM clock_timestamp())::text, false);
  END IF;
END
)",
                          {{"p", p},
                           {"progress", v.progress},
                           {"keys", keys},
                           {"begin_name", CommentText(v.begin)},
                           {"stopped", StoppedGuard(v)},
                           {"lag_visible", LagVisibleGuard(v)},
                           {"window_loop", WindowLoop(v)},
                           {"cursor_null", cursor_null},
                           {"cursor_last", cursor_last}});
  std::string tag = DollarQuoteTag(text);
  return "CREATE OR REPLACE PROCEDURE " + v.batch + "(\n  " + p + "batch_size integer, " + p + "sleep_ms integer, " + p +
         "max_lag_s numeric, " + p + "max_wait_s numeric, " + p + "max_retries integer,\n  " + p +
         "skip_errors boolean DEFAULT false)\nLANGUAGE plpgsql\n" + kPinnedRoutine + "AS " + tag +
         text + tag + ";\n";
}

// Starts a run (new_run) or a later round of it: refuses after a rollback unless resumed, and
// when replica lag cannot be seen; sets this session's run counters; returns how many batch
// calls the round may need.
std::string BeginFunction(const SqlVocabulary& v) {
  const std::string& p = v.var;
  std::string cursor_null;
  for (size_t i = 0; i < v.keys.size(); ++i) cursor_null += ", cursor_" + std::to_string(i + 1) + " = NULL";
  std::string text = Fill(R"(
#variable_conflict use_column
DECLARE
  @p@progress @progress@%ROWTYPE;
  @p@remaining bigint;
  @p@allowed bigint;
  @p@hidden bigint;
  @p@run_limit bigint;
BEGIN
@row_security@  SELECT * INTO @p@progress FROM @progress@ WHERE id = 1 FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no progress row: run 02_prepare.sql first';
  END IF;
  IF @p@progress.stopped_at IS NOT NULL THEN
    IF NOT (@p@new_run AND @p@resume) THEN
      RAISE EXCEPTION 'a rollback (%) ran at %: 03_backfill.sql does not backfill again on its own',
        @p@progress.stopped_by, @p@progress.stopped_at
        USING HINT = 'once the rollback is over and its reason dealt with, run 03_backfill.sql -v resume=1 (rows the rollback restored are changed again)';
    END IF;
    -- Resumed: a new pass from the start, since the rollback restored rows behind the cursor.
    UPDATE @progress@ SET stopped_at = NULL, stopped_by = NULL, finished_at = NULL, pass = pass + 1, pass_rows = 0,
           pass_started_at = clock_timestamp()@cursor_null@
     WHERE id = 1
    RETURNING * INTO @p@progress;
    RAISE NOTICE 'resuming after a rollback: pass % starts from the beginning of the table', @p@progress.pass;
  END IF;
  IF @p@max_lag_s IS NOT NULL THEN
    SELECT count(*) FILTER (WHERE state IS NULL) INTO @p@hidden FROM pg_stat_replication;
@lag_visible@  END IF;
  SELECT count(*) INTO @p@remaining FROM @table@
  WHERE @pending@;
  IF @p@new_run THEN
    PERFORM set_config('backfill_plan.run_limit', @p@max_rows::text, false),
            set_config('backfill_plan.run_rows', '0', false),
            set_config('backfill_plan.run_batches', '0', false),
            set_config('backfill_plan.run_total',
                       (CASE WHEN @p@max_rows > 0 THEN least(@p@remaining, @p@max_rows) ELSE @p@remaining END)::text, false),
            set_config('backfill_plan.run_started_at', extract(epoch FROM clock_timestamp())::text, false),
            set_config('backfill_plan.noticed_at', extract(epoch FROM clock_timestamp())::text, false);
    UPDATE @progress@
       SET -- rows that need changing appeared after completion: start another pass
           pass = CASE WHEN finished_at IS NOT NULL AND @p@remaining > 0 THEN pass + 1 ELSE pass END,
           pass_rows = CASE WHEN finished_at IS NOT NULL AND @p@remaining > 0 THEN 0 ELSE pass_rows END,
           pass_started_at = CASE WHEN (finished_at IS NOT NULL AND @p@remaining > 0) OR pass_started_at IS NULL
                                  THEN clock_timestamp() ELSE pass_started_at END,
           finished_at = CASE WHEN @p@remaining > 0 THEN NULL ELSE finished_at END
     WHERE id = 1
    RETURNING * INTO @p@progress;
    RAISE NOTICE 'run starts: % rows to change%', @p@remaining,
      CASE WHEN @p@max_rows > 0 THEN format(', this run stops after %s', @p@max_rows) ELSE '' END;
  END IF;
  IF @p@progress.finished_at IS NOT NULL THEN
    RETURN 0;
  END IF;
  @p@run_limit := current_setting('backfill_plan.run_limit')::bigint;
  @p@allowed := CASE WHEN @p@run_limit > 0
                     THEN least(@p@remaining, @p@run_limit - current_setting('backfill_plan.run_rows')::bigint)
                     ELSE @p@remaining END;
  IF @p@run_limit > 0 AND @p@allowed <= 0 THEN
    RETURN 0;
  END IF;
  -- One call per batch, plus the calls that close up to three passes, plus one per window of
  -- the table (estimated rows): where rows to change are sparse, a batch ends at its window.
  RETURN ceil(greatest(@p@allowed, 0)::numeric / @p@batch_size)::bigint + 3
    + (SELECT ceil(coalesce(sum(greatest(c.reltuples, 0)), 0) / greatest(@p@batch_size::bigint * 10, 10000))::bigint
       FROM pg_class AS c WHERE c.oid = @regclass@::regclass
          OR c.oid IN (SELECT relid FROM pg_partition_tree(@regclass@::regclass) WHERE isleaf));  -- a plain table, or a partitioned one's partitions
END
)",
                          {{"p", p},
                           {"progress", v.progress},
                           {"table", v.table},
                           {"pending", v.PendingPredicate()},
                           {"regclass", QuoteLiteral(v.table)},
                           {"row_security", RowSecurityGuard(v)},
                           {"lag_visible", LagVisibleGuard(v)},
                           {"cursor_null", cursor_null}});
  std::string tag = DollarQuoteTag(text);
  return "CREATE OR REPLACE FUNCTION " + v.begin + "(" + p + "max_rows bigint, " + p + "batch_size integer, " + p +
         "new_run boolean,\n  " + p + "resume boolean, " + p + "max_lag_s numeric)\nRETURNS bigint LANGUAGE plpgsql\n" +
         kPinnedRoutine + "AS " + tag + text + tag + ";\n";
}

// One batch of the rollback, in two statements of one transaction: restore the rows that are
// still the version the batch wrote (a join through the backup's batch index and the table's
// key, so its cost grows with the batch, not with its square), then mark the batch's other
// entries 'kept': the application wrote those rows since, whatever the value.
std::string RestoreStatement(const SqlVocabulary& v) {
  const std::string& b = v.backup_alias;
  return Fill(R"(      WITH @restored@ AS (
        UPDATE @table@
        SET @column@ = @b@.@old_value@
        FROM @backup@ AS @b@
        WHERE @b@.@batch_no@ = @p@batch_no AND @b@.@state@ = 'applied'
          AND @keys_equal@
          AND @wrote_version@
        RETURNING @backup_keys@
      )
      UPDATE @backup@ AS @b@
      SET @state@ = 'restored', @restored_at@ = clock_timestamp()
      FROM @restored@
      WHERE @restored_keys_equal@;
      GET DIAGNOSTICS @p@restored = ROW_COUNT;
      UPDATE @backup@ AS @b@
      SET @state@ = 'kept', @restored_at@ = clock_timestamp()
      WHERE @b@.@batch_no@ = @p@batch_no AND @b@.@state@ = 'applied';
      GET DIAGNOSTICS @p@kept = ROW_COUNT;
)",
              {{"restored", v.cte_restored},
               {"table", v.table},
               {"column", v.column},
               {"b", b},
               {"old_value", v.old_value},
               {"backup", v.backup},
               {"batch_no", v.batch_no},
               {"p", v.var},
               {"state", v.state},
               {"keys_equal", v.KeysEqual(v.ref, v.keys, b)},
               {"wrote_version", v.WroteVersion(b, v.ref + ".xmin")},
               {"backup_keys", v.KeyList(b)},
               {"restored_at", v.restored_at},
               {"restored_keys_equal", v.KeysEqual(b, v.keys, v.cte_restored)}});
}

std::string RestoreProcedure(const SqlVocabulary& v) {
  const std::string& p = v.var;
  std::ostringstream body;
  body << "\n#variable_conflict use_column\nDECLARE\n  " << p << "restored bigint;\n  " << p << "kept bigint;\nBEGIN\n"
       << "  IF " << p << "sleep_ms > 0 THEN\n    PERFORM pg_sleep(" << p << "sleep_ms / 1000.0);\n  END IF;\n"
       << WithRetries(v, RestoreStatement(v), "restore")
       << "  RAISE NOTICE 'batch %: restored % rows; kept % rows the application changed after the backfill',\n"
       << "    " << p << "batch_no, " << p << "restored, " << p << "kept;\nEND\n";
  std::string text = body.str();
  std::string tag = DollarQuoteTag(text);
  return "CREATE OR REPLACE PROCEDURE " + v.restore + "(" + p + "batch_no bigint, " + p + "sleep_ms integer, " + p +
         "max_retries integer)\nLANGUAGE plpgsql\n" + kPinnedRoutine + "AS " + tag + text + tag + ";\n";
}


// A standalone DO block around PL/pgSQL statements.
std::string DoBlock(const std::string& statements, const std::string& base) {
  std::string body = "\nBEGIN\n" + statements + "END\n";
  std::string tag = DollarQuoteTag(body, base);
  return "DO " + tag + body + tag + ";\n";
}

struct VariableRule {
  std::string variable, pattern, message;  // pattern: a regular expression its whole text must match
};

// Checks the psql variables a script takes, all at once, and refuses with every problem named.
// psql cannot hand its variables to a DO block, so the SELECT leaves its findings in a setting
// of this session that the DO block then reads.
std::string VariableChecks(const std::string& file, const std::vector<VariableRule>& rules) {
  std::string checks;
  for (const VariableRule& rule : rules)
    checks += std::string(checks.empty() ? "" : ",\n") + "  CASE WHEN :'" + rule.variable + "' !~ " + QuoteLiteral(rule.pattern) +
              " THEN " + QuoteLiteral(rule.message) + " END";
  return "SELECT set_config('backfill_plan.variable_errors', concat_ws('; ',\n" + checks +
         "), false) AS backfill_variables_checked \\gset\n" +
         DoBlock(Fill(R"(  IF current_setting('backfill_plan.variable_errors') <> '' THEN
    RAISE EXCEPTION USING MESSAGE = 'psql variables: ' || current_setting('backfill_plan.variable_errors'),
      HINT = @hint@;
  END IF;
)",
                      {{"hint", QuoteLiteral("give them with -v name=value: psql -v name=value -f " + file +
                                             " (the file's first lines list them)")}}),
                 "check");
}




// What every file's template reads: its name and purpose for the header, and the session's
// timeouts.
SqlData FileData(const SqlVocabulary& v, const Requirement& r, const std::string& file, const std::string& what) {
  SqlData d;
  d.Set("file", file);
  d.Set("what", what);
  d.Set("target_comment", CommentText(v.table + "." + v.column));
  d.Set("lock_timeout_ms", std::to_string(r.lock_timeout_ms));
  d.Set("statement_timeout_ms", std::to_string(r.statement_timeout_ms));
  return d;
}

// A multi-line value a template writes on a line of its own: the template's line ends it.
std::string WithoutLastNewline(std::string text) {
  if (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

std::string Preflight(const SqlVocabulary& v, const Requirement& r, const std::vector<PreflightCheck>& checks) {
  SqlData d = FileData(v, r, "01_preflight.sql", "read-only checks before anything changes.");
  SqlList list;
  for (const PreflightCheck& c : checks) {
    SqlData item;
    item.Set("why", CommentText(c.why));
    item.Set("count_sql", c.count_sql);
    item.Set("name", QuoteLiteral(c.name));
    item.Set("must_be_zero", c.must_be_zero);
    list.Add(item);
  }
  d.Set("checks", list);
  d.Set("row_security_guard", WithoutLastNewline(RowSecurityGuard(v)));
  d.SetQuoteTag("tag", "preflight");
  return RenderSqlTemplate("preflight", d);
}

std::string Backfill(const SqlVocabulary& v, const Requirement& r) {
  SqlData d = FileData(v, r, "03_backfill.sql", "the backfill, one batch per transaction.");
  std::ostringstream lag, wait;
  lag << r.max_replica_lag_s;
  wait << std::max(1.0, r.statement_timeout_ms / 2000.0);
  d.Set("batch_size", std::to_string(r.batch_size));
  d.Set("sleep_ms", std::to_string(r.sleep_ms));
  d.Set("max_lag_s", lag.str());
  d.Set("max_wait_s", wait.str());
  d.Set("variable_checks",
        WithoutLastNewline(VariableChecks(
            "03_backfill.sql",
            {{"batch_size", "^[1-9][0-9]{0,8}$", "batch_size must be a whole number of rows, 1 or more"},
             {"sleep_ms", "^[0-9]{1,9}$", "sleep_ms must be a whole number of milliseconds"},
             {"max_rows", "^[0-9]{1,18}$", "max_rows must be a whole number of rows (0: no limit)"},
             {"on_error", "^(stop|skip)$", "on_error must be stop or skip"},
             {"max_lag_s", "^([0-9]{1,6}([.][0-9]{1,6})?|off)$", "max_lag_s must be a number of seconds, or off"},
             {"max_wait_s", "^[0-9]{1,6}([.][0-9]{1,6})?$", "max_wait_s must be a number of seconds"},
             {"resume", "^[01]$", "resume must be 0 or 1"}})));
  d.Set("application_name", QuoteLiteral(TruncateUtf8("backfill " + v.objects.backup, 63)));
  SqlList rounds;  // the first starts the run; the next two catch what the application wrote meanwhile
  for (const char* new_run : {"true", "false", "false"}) {
    SqlData round;
    round.Set("new_run", new_run);
    rounds.Add(round);
  }
  d.Set("rounds", rounds);
  d.Set("begin", v.begin);
  d.Set("call_format",
        QuoteLiteral("CALL " + FormatSafe(v.batch) + "(%s, %s, %L, %s, " + std::to_string(r.max_retries) + ", %L)"));
  d.Set("progress", v.progress);
  d.SetQuoteTag("converge_tag", "converge");
  return RenderSqlTemplate("backfill", d);
}

std::string Prepare(const SqlVocabulary& v, const Requirement& r) {
  SqlData d = FileData(v, r, "02_prepare.sql", "backup table, progress table and the batch procedures.");
  d.Set("table_comment", CommentText(v.table));
  SqlList keys;
  for (size_t i = 0; i < v.keys.size(); ++i) {
    SqlData key;
    std::string ignore = CopiedTypeIgnore(v.key_types[i]);
    key.Set("name", v.keys[i]);
    key.Set("type", v.key_types[i]);
    key.Set("n", std::to_string(i + 1));
    key.Set("type_ignore", ignore);
    key.Set("cursor_comment", ignore.empty() ? "  -- greatest key done in this pass" : ignore);
    keys.Add(key);
  }
  d.Set("keys", keys);
  d.Set("key_list", v.KeyList(""));
  d.Set("column_type", v.column_type);
  d.Set("column_type_ignore", CopiedTypeIgnore(v.column_type));
  for (const auto& [name, value] : {std::pair<const char*, const std::string&>{"backup", v.backup},
                                    {"progress", v.progress},
                                    {"old_value", v.old_value},
                                    {"new_value", v.new_value},
                                    {"new_xmin", v.new_xmin},
                                    {"new_xact", v.new_xact},
                                    {"batch_no", v.batch_no},
                                    {"state", v.state},
                                    {"backed_up_at", v.backed_up_at},
                                    {"restored_at", v.restored_at}})
    d.Set(name, value);
  d.Set("batch_index", QuoteIdentifier(TruncateUtf8(v.objects.backup, 57) + "_batch"));
  d.Set("batch_procedure", WithoutLastNewline(BatchProcedure(v)));
  d.Set("begin_function", WithoutLastNewline(BeginFunction(v)));
  d.Set("restore_procedure", WithoutLastNewline(RestoreProcedure(v)));
  return RenderSqlTemplate("prepare", d);
}

std::string Verify(const SqlVocabulary& v, const Requirement& r) {
  const std::string& b = v.backup_alias;
  SqlData d = FileData(v, r, "04_verify.sql", "fails unless every target row holds its new value.");
  d.Set("row_security_guard", WithoutLastNewline(RowSecurityGuard(v)));
  d.Set("table", v.table);
  d.Set("pending", v.PendingPredicate());
  d.Set("where", v.where);
  d.Set("set", v.set);
  d.Set("wrote_version", v.WroteVersion(b, v.ref + ".xmin"));
  d.Set("backup", v.backup);
  d.Set("b", b);
  d.Set("keys_equal", v.KeysEqual(v.ref, v.keys, b));
  d.Set("state", v.state);
  d.SetQuoteTag("tag", "verify");
  d.Set("not_null_after", r.not_null_after);
  return RenderSqlTemplate("verify", d);
}

std::string Finalize(const SqlVocabulary& v, const Requirement& r) {
  SqlData d = FileData(v, r, "05_finalize.sql", "NOT NULL without a long ACCESS EXCLUSIVE scan.");
  d.Set("table", v.table);
  d.Set("table_literal", QuoteLiteral(v.table));
  d.Set("column", v.column);
  d.Set("check", QuoteIdentifier(v.objects.not_null_check));
  d.Set("check_literal", QuoteLiteral(v.objects.not_null_check));
  return RenderSqlTemplate("finalize", d);
}

std::string RollbackScript(const SqlVocabulary& v, const Requirement& r, bool undo_not_null, bool chosen_batches) {
  std::string file = chosen_batches ? "91_rollback_batches.sql" : "90_rollback.sql";
  std::string range = chosen_batches ? "\n   AND " + v.batch_no + " BETWEEN :'first_batch'::bigint AND :'last_batch'::bigint" : "";
  SqlData d = FileData(v, r, file,
                       chosen_batches ? "restores the batches first_batch..last_batch from the backup."
                                      : "restores every changed row from the backup, newest batch first.");
  std::vector<VariableRule> rules = {{"sleep_ms", "^[0-9]{1,9}$", "sleep_ms must be a whole number of milliseconds"}};
  if (chosen_batches) {
    rules.push_back({"first_batch", "^[0-9]{1,18}$", "first_batch must be a batch number (batch_no in the backup table)"});
    rules.push_back({"last_batch", "^[0-9]{1,18}$", "last_batch must be a batch number (batch_no in the backup table)"});
  }
  const std::string& b = v.backup_alias;
  std::string regclass = QuoteLiteral(v.table);
  std::string guard = RowSecurityGuard(v);
  d.Set("chosen_batches", chosen_batches);
  d.Set("undo_not_null", undo_not_null);
  d.SetQuoteTag("refuse_tag", "refuse");
  d.Set("sleep_ms", std::to_string(r.sleep_ms));
  d.Set("variable_checks", WithoutLastNewline(VariableChecks(file, rules)));
  d.Set("application_name", QuoteLiteral(TruncateUtf8("rollback " + v.objects.backup, 63)));
  d.SetQuoteTag("guard_tag", "guard");
  d.Set("row_security_guard", WithoutLastNewline(guard));
  d.Set("table_literal", regclass);
  d.Set("check_literal", QuoteLiteral(v.objects.not_null_check));
  d.Set("column_literal", QuoteLiteral(v.column_name));
  d.Set("null_to_restore", "EXISTS (SELECT 1 FROM " + v.backup + " AS " + b + " WHERE " + b + "." + v.state +
                               " = 'applied' AND " + b + "." + v.old_value + " IS NULL" + range + ")");
  d.SetQuoteTag("owner_tag", "owner");
  d.Set("stop_lock_timeout_ms", std::to_string(r.statement_timeout_ms + r.lock_timeout_ms));
  d.Set("progress", v.progress);
  d.Set("file_literal", QuoteLiteral(file));
  d.Set("table", v.table);
  d.Set("check", QuoteIdentifier(v.objects.not_null_check));
  d.Set("column", v.column);
  d.Set("restore_call", QuoteLiteral("CALL " + FormatSafe(v.restore) + "(%s, %s, " + std::to_string(r.max_retries) + ")"));
  d.Set("b", b);
  d.Set("batch_no", v.batch_no);
  d.Set("backup", v.backup);
  d.Set("state", v.state);
  return RenderSqlTemplate("rollback", d);
}

}  // namespace

std::string RetentionGate(const SqlVocabulary& v, const Requirement& r) {
  std::string days = std::to_string(r.backup_retention_days);
  return DoBlock(Fill(R"(  IF (SELECT max(@backed_up_at@) > now() - make_interval(days => @days@) FROM @backup@) THEN
    RAISE EXCEPTION USING MESSAGE = @message@,
      HINT = @hint@;
  END IF;
)",
                      {{"backed_up_at", v.backed_up_at},
                       {"days", days},
                       {"backup", v.backup},
                       {"message", QuoteLiteral("the backup of " + v.table + "." + v.column + " is younger than " + days +
                                                " days: it is kept until then, so that the backfill can still be undone")},
                       {"hint", QuoteLiteral("wait until the retention period is over (backed_up_at in " + v.backup +
                                             "), or, with psql, run 99_cleanup.sql -v force=1 to drop it now")}}),
                 "retention");
}

std::string CompletionGate(const SqlVocabulary& v, const Requirement& r) {
  std::string what = v.table + "." + v.column;
  return DoBlock(Fill(R"(  IF NOT EXISTS (SELECT 1 FROM @progress@ WHERE finished_at IS NOT NULL AND stopped_at IS NULL) THEN
    RAISE EXCEPTION USING MESSAGE = @not_finished@,
      HINT = 'run 03_backfill.sql with psql until it reports complete, then 04_verify.sql, then apply this migration again';
  END IF;
  IF EXISTS (SELECT 1 FROM @table@ WHERE @pending@) THEN
    RAISE EXCEPTION USING MESSAGE = @pending_left@,
      HINT = 'run 03_backfill.sql with psql again (the application wrote rows that need it), then apply this migration again';
  END IF;
@null_gate@)",
                      {{"progress", v.progress},
                       {"table", v.table},
                       {"pending", v.PendingPredicate()},
                       {"not_finished", QuoteLiteral("the backfill of " + what + " has not completed: nothing was changed")},
                       {"pending_left", QuoteLiteral("the backfill of " + what + " has rows left to change: nothing was changed")},
                       {"null_gate", r.not_null_after ? Fill(R"(  IF EXISTS (SELECT 1 FROM @table@ WHERE @column@ IS NULL) THEN
    RAISE EXCEPTION USING MESSAGE = @nulls@,
      HINT = 'the set expression gives NULL for them (01_preflight.sql counts them): fix the expression or the data and run 03_backfill.sql again';
  END IF;
)",
                                                              {{"table", v.table},
                                                               {"column", v.Qualified(v.column)},
                                                               {"nulls", QuoteLiteral(what + " still has NULL values: nothing was changed")}})
                                                       : ""}}),
                 "gate");
}

namespace {

std::string Cleanup(const SqlVocabulary& v, const Requirement& r, const std::string& proposed_index,
                    const std::string& proposed_index_drop, bool partitioned) {
  SqlData d = FileData(v, r, "99_cleanup.sql", "drops what 02_prepare.sql created, once the retention period is over.");
  d.Set("retention_days", std::to_string(r.backup_retention_days));
  d.Set("retention_gate", RetentionGate(v, r));
  d.Set("has_proposed_index", !proposed_index.empty());
  d.Set("partitioned", partitioned);
  d.Set("proposed_index", proposed_index);
  d.Set("proposed_index_drop", proposed_index_drop);
  d.Set("batch", v.batch);
  d.Set("begin", v.begin);
  d.Set("restore", v.restore);
  d.Set("progress", v.progress);
  d.Set("backup", v.backup);
  return RenderSqlTemplate("cleanup", d);
}

std::string Run(const std::string& file, const std::string& variables = {}) {
  return "psql \"$DATABASE_URL\" -X -v ON_ERROR_STOP=1" + variables + " -f " + file;
}

}  // namespace

std::vector<BundleFile> BuildBundle(const BundleInputs& in) {
  const SqlVocabulary& v = in.v;
  const Requirement& r = in.subject.requirement;
  const Wording& say = in.say;
  std::vector<BundleFile> files = {
      {"01_preflight.sql",
       say("read-only checks: rows to change, and new values a constraint would reject",
           "読み取り専用の事前確認: 変更する行数と、制約が拒否する新しい値"),
       Run("01_preflight.sql"), Preflight(v, r, in.preflight)},
      {"02_prepare.sql",
       say("backup table, progress table, batch procedures (re-runnable)",
           "バックアップテーブル、進捗テーブル、バッチ用プロシージャ（再実行可）"),
       Run("02_prepare.sql"), Prepare(v, r)},
      {"03_backfill.sql", say("the backfill in batches; resumes where it stopped", "バッチ単位のバックフィル。止まった位置から再開する"),
       Run("03_backfill.sql"), Backfill(v, r)},
      {"04_verify.sql", say("fails unless every target row holds its new value", "対象のすべての行が新しい値になっていなければ失敗する"),
       Run("04_verify.sql"), Verify(v, r)},
  };
  if (r.not_null_after)
    files.push_back({"05_finalize.sql",
                     say("CHECK NOT VALID, VALIDATE, SET NOT NULL, drop the CHECK",
                         "CHECK NOT VALID、VALIDATE、SET NOT NULL、CHECK の削除"),
                     Run("05_finalize.sql"), Finalize(v, r)});
  bool undo_not_null = r.not_null_after && in.column_was_nullable;
  files.push_back({"90_rollback.sql",
                   say("restores old values from the backup, batch by batch", "バックアップから元の値をバッチ単位で戻す"),
                   Run("90_rollback.sql"), RollbackScript(v, r, undo_not_null, false)});
  files.push_back({"91_rollback_batches.sql",
                   say("restores only batches first_batch..last_batch", "first_batch..last_batch のバッチだけを戻す"),
                   Run("91_rollback_batches.sql", " -v first_batch=N -v last_batch=M"),
                   RollbackScript(v, r, undo_not_null, true)});
  files.push_back({"99_cleanup.sql",
                   say("drops the backup, progress table and procedures after the retention period",
                       "保持期間の終了後にバックアップ、進捗テーブル、プロシージャを削除する"),
                   Run("99_cleanup.sql"), Cleanup(v, r, in.proposed_index, in.proposed_index_drop, !in.subject.table->partition_strategy.empty())});
  return files;
}

}  // namespace backfill

