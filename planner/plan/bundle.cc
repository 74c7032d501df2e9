#include "planner/plan/bundle.h"

#include <cctype>

#include <algorithm>
#include <sstream>
#include <utility>

#include "planner/plan/sql_template.h"
#include "planner/plan/template_vocabulary.h"
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

struct VariableRule {
  std::string variable, pattern, message;  // pattern: a regular expression its whole text must match
};

// Checks the psql variables a script takes, all at once, and refuses with every problem named
// (templates/sql/variable_checks.sql.mustache).
void SetVariableChecks(SqlData& d, const std::string& file, const std::vector<VariableRule>& rules) {
  SqlList list;
  for (size_t i = 0; i < rules.size(); ++i) {
    SqlData rule;
    rule.Set("variable", rules[i].variable);
    rule.Set("pattern", QuoteLiteral(rules[i].pattern));
    rule.Set("message", QuoteLiteral(rules[i].message));
    rule.Set("last", i + 1 == rules.size());
    list.Add(rule);
  }
  d.Set("variable_rules", list);
  d.Set("variable_hint",
        QuoteLiteral("give them with -v name=value: psql -v name=value -f " + file + " (the file's first lines list them)"));
  d.SetQuoteTag("check_tag", "check");
}

// A routine of 02_prepare.sql (templates/sql/<name>.sql.mustache).
std::string Routine(const SqlVocabulary& v, const std::string& name, const std::string& retried = {}) {
  SqlData d = TemplateVocabulary(v);
  d.Set("retried", retried);
  d.SetQuoteTag("tag", "body");
  return RenderSqlValue(name, d);
}

std::string Preflight(const SqlVocabulary& v, const Requirement& r, const std::vector<PreflightCheck>& checks) {
  SqlData d = FileTemplateData(v, r, "01_preflight.sql", "read-only checks before anything changes.");
  SqlList list;
  for (const PreflightCheck& c : checks) {
    SqlData item;
    item.Set("why", CommentText(c.why));
    item.Set("count_sql", c.count_sql);
    item.Set("name", QuoteLiteral(c.name));
    item.Set("must_be_zero", c.must_be_zero);
    item.Set("null_key", c.null_key);
    list.Add(item);
  }
  d.Set("checks", list);
  d.SetQuoteTag("tag", "preflight");
  return RenderSqlTemplate("preflight", d);
}

// The run's settings both runners take (03_backfill.sql and 03_schedule.sql): the psql variables'
// defaults, and the rules their values must follow. extra: the runner's own rules.
void SetRunnerVariables(SqlData& d, const Requirement& r, const std::string& file, std::vector<VariableRule> extra) {
  std::ostringstream lag, wait;
  lag << r.max_replica_lag_s;
  wait << kDefaultMaxWaitSeconds;
  BatchBounds bounds = AdaptiveBounds(r);
  d.Set("batch_size", std::to_string(r.batch_size));
  d.Set("target_batch_ms", std::to_string(r.target_batch_ms.value_or(0)));
  d.Set("min_batch_size", std::to_string(bounds.min));
  d.Set("max_batch_size", std::to_string(bounds.max));
  d.Set("max_lock_waiters", std::to_string(r.max_lock_waiters));
  d.Set("critical_lock_waiters", std::to_string(r.critical_lock_waiters));
  d.Set("max_active", std::to_string(r.max_active_sessions));
  d.Set("critical_active", std::to_string(r.critical_active_sessions));
  d.Set("sleep_ms", std::to_string(r.sleep_ms));
  d.Set("max_lag_s", lag.str());
  d.Set("max_wait_s", wait.str());
  std::vector<VariableRule> rules = {
      {"batch_size", "^[1-9][0-9]{0,8}$", "batch_size must be a whole number of rows, 1 or more"},
      {"sleep_ms", "^[0-9]{1,9}$", "sleep_ms must be a whole number of milliseconds"},
      {"target_batch_ms", "^[0-9]{1,6}$", "target_batch_ms must be a whole number of milliseconds (0: a fixed batch size)"},
      {"min_batch_size", "^[1-9][0-9]{0,8}$", "min_batch_size must be a whole number of rows, 1 or more"},
      {"max_batch_size", "^[1-9][0-9]{0,8}$", "max_batch_size must be a whole number of rows, 1 or more"},
      {"max_lag_s", "^([0-9]{1,6}([.][0-9]{1,6})?|off)$", "max_lag_s must be a number of seconds, or off"},
      {"max_lock_waiters", "^[0-9]{1,6}$", "max_lock_waiters must be a whole number of sessions (0: off)"},
      {"critical_lock_waiters", "^[0-9]{1,6}$", "critical_lock_waiters must be a whole number of sessions (0: off)"},
      {"max_active", "^[0-9]{1,6}$", "max_active must be a whole number of sessions (0: off)"},
      {"critical_active", "^[0-9]{1,6}$", "critical_active must be a whole number of sessions (0: off)"},
      {"resume", "^[01]$", "resume must be 0 or 1"}};
  rules.insert(rules.end(), extra.begin(), extra.end());
  SetVariableChecks(d, file, rules);
}

std::string Backfill(const SqlVocabulary& v, const Requirement& r) {
  SqlData d = FileTemplateData(v, r, "03_backfill.sql", "the backfill, one batch per transaction.");
  SetRunnerVariables(d, r, "03_backfill.sql",
                     {{"max_rows", "^[0-9]{1,18}$", "max_rows must be a whole number of rows (0: no limit)"},
                      {"on_error", "^(stop|skip)$", "on_error must be stop or skip"},
                      {"max_wait_s", "^[0-9]{1,6}([.][0-9]{1,6})?$", "max_wait_s must be a number of seconds"},
                      {"runners", "^([1-9]|[1-5][0-9]|6[0-4])$", "runners must be a number of runners, 1 to 64"},
                      {"runner", "^([1-9]|[1-5][0-9]|6[0-4])$", "runner must be this runner's number, 1 to runners"}});
  d.Set("application_name", QuoteLiteral(TruncateUtf8("backfill " + v.objects.backup, 63)));
  SqlList rounds;  // the first starts the run; the next two catch what the application wrote meanwhile
  for (bool new_run : {true, false, false}) {
    SqlData round;
    round.Set("new_run", new_run ? "true" : "false");
    rounds.Add(round);
  }
  d.Set("rounds", rounds);
  d.Set("gate_format", QuoteLiteral("CALL " + FormatSafe(v.gate) + "(%s, %L, %s, %s, %s, %s, %s)"));
  d.Set("batch_timeout", QuoteLiteral("SET statement_timeout = '" + std::to_string(r.statement_timeout_ms) + "ms'"));
  d.Set("call_format",
        QuoteLiteral("CALL " + FormatSafe(v.batch) + "(%s, %s, %s, %s, " + std::to_string(r.max_retries) + ", %L, %s, %s)"));
  d.SetQuoteTag("converge_tag", "converge");
  return RenderSqlTemplate("backfill", d);
}

// 03_schedule.sql: the pg_cron job, and the procedure each of its runs calls.
std::string Schedule(const SqlVocabulary& v, const Requirement& r) {
  SqlData d = FileTemplateData(v, r, "03_schedule.sql", "the backfill as a pg_cron job, for an unattended run.");
  SetRunnerVariables(d, r, "03_schedule.sql", {});
  SqlData tick = TemplateVocabulary(v);
  tick.Set("lock_timeout_ms", std::to_string(r.lock_timeout_ms));
  tick.Set("max_retries", std::to_string(r.max_retries));
  tick.SetQuoteTag("tag", "body");
  d.Set("tick_procedure_text", RenderSqlValue("tick_procedure", tick));
  // The job is named after the procedure it calls: unique for the table, column and date, and
  // within the 63 bytes of pg_cron's jobname (type name), which would cut a longer one.
  d.Set("job_name", QuoteLiteral(v.objects.tick));
  d.Set("tick_format", QuoteLiteral("CALL " + FormatSafe(v.tick) + "(%s, %s, %s, %s, %s, %L, %s, %s, %s, %s, %s, %L)"));
  d.SetQuoteTag("cron_tag", "cron");
  return RenderSqlTemplate("schedule", d);
}

std::string Prepare(const SqlVocabulary& v, const Requirement& r) {
  SqlData d = FileTemplateData(v, r, "02_prepare.sql", "backup table, progress table and the batch procedures.");
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
  d.Set("column_type_ignore", CopiedTypeIgnore(v.column_type));
  d.Set("batch_index", QuoteIdentifier(TruncateUtf8(v.objects.backup, 57) + "_batch"));
  d.Set("gate_procedure_text", Routine(v, "gate_procedure"));
  d.Set("batch_procedure_text", Routine(v, "batch_procedure", "batch"));
  d.Set("begin_function_text", Routine(v, "begin_function"));
  d.Set("restore_procedure_text", Routine(v, "restore_procedure", "restore"));
  return RenderSqlTemplate("prepare", d);
}

std::string Verify(const SqlVocabulary& v, const Requirement& r) {
  SqlData d = FileTemplateData(v, r, "04_verify.sql", "fails unless every target row holds its new value.");
  d.Set("not_null_after", r.not_null_after);
  d.SetQuoteTag("tag", "verify");
  return RenderSqlTemplate("verify", d);
}

std::string Finalize(const SqlVocabulary& v, const Requirement& r) {
  SqlData d = FileTemplateData(v, r, "05_finalize.sql", "NOT NULL without a long ACCESS EXCLUSIVE scan.");
  d.Set("check", QuoteIdentifier(v.objects.not_null_check));
  d.Set("check_literal", QuoteLiteral(v.objects.not_null_check));
  return RenderSqlTemplate("finalize", d);
}

std::string RollbackScript(const SqlVocabulary& v, const Requirement& r, bool undo_not_null, bool chosen_batches,
                           bool sync_off) {
  std::string file = chosen_batches ? "91_rollback_batches.sql" : "90_rollback.sql";
  std::string range = chosen_batches ? "\n   AND " + v.batch_no + " BETWEEN :'first_batch'::bigint AND :'last_batch'::bigint" : "";
  SqlData d = FileTemplateData(v, r, file,
                       chosen_batches ? "restores the batches first_batch..last_batch from the backup."
                                      : "restores every changed row from the backup, newest batch first.");
  std::vector<VariableRule> rules = {{"sleep_ms", "^[0-9]{1,9}$", "sleep_ms must be a whole number of milliseconds"}};
  if (chosen_batches) {
    rules.push_back({"first_batch", "^[0-9]{1,18}$", "first_batch must be a batch number (batch_no in the backup table)"});
    rules.push_back({"last_batch", "^[0-9]{1,18}$", "last_batch must be a batch number (batch_no in the backup table)"});
  }
  const std::string& b = v.backup_alias;
  d.Set("chosen_batches", chosen_batches);
  d.Set("undo_not_null", undo_not_null);
  d.Set("sync_off", sync_off);
  d.SetQuoteTag("refuse_tag", "refuse");
  d.Set("sleep_ms", std::to_string(r.sleep_ms));
  SetVariableChecks(d, file, rules);
  d.Set("application_name", QuoteLiteral(TruncateUtf8("rollback " + v.objects.backup, 63)));
  d.SetQuoteTag("guard_tag", "guard");
  d.Set("check", QuoteIdentifier(v.objects.not_null_check));
  d.Set("check_literal", QuoteLiteral(v.objects.not_null_check));
  d.Set("null_to_restore", "EXISTS (SELECT 1 FROM " + v.backup + " AS " + b + " WHERE " + b + "." + v.state +
                               " = 'applied' AND " + b + "." + v.old_value + " IS NULL" + range + ")");
  d.SetQuoteTag("owner_tag", "owner");
  d.Set("file_literal", QuoteLiteral(file));
  d.Set("restore_call", QuoteLiteral("CALL " + FormatSafe(v.restore) + "(%s, %s, " + std::to_string(r.max_retries) + ")"));
  return RenderSqlTemplate("rollback", d);
}

}  // namespace

std::string RetentionGate(const SqlVocabulary& v, const Requirement& r) {
  std::string days = std::to_string(r.backup_retention_days);
  SqlData d = TemplateVocabulary(v);
  d.Set("retention_days", days);
  d.Set("retention_message", QuoteLiteral("the backup of " + v.table + "." + v.column + " is younger than " + days +
                                          " days: it is kept until then, so that the backfill can still be undone"));
  d.Set("retention_hint", QuoteLiteral("wait until the retention period is over (backed_up_at in " + v.backup +
                                       "), or, with psql, run 99_cleanup.sql -v force=1 to drop it now"));
  d.SetQuoteTag("tag", "retention");
  return RenderSqlTemplate("retention_gate", d);
}

std::string CompletionGate(const SqlVocabulary& v, const Requirement& r) {
  std::string what = v.table + "." + v.column;
  SqlData d = TemplateVocabulary(v);
  d.Set("not_null_after", r.not_null_after);
  d.Set("not_finished", QuoteLiteral("the backfill of " + what + " has not completed: nothing was changed"));
  d.Set("pending_left", QuoteLiteral("the backfill of " + what + " has rows left to change: nothing was changed"));
  d.Set("nulls_left", QuoteLiteral(what + " still has NULL values: nothing was changed"));
  d.SetQuoteTag("tag", "gate");
  return RenderSqlTemplate("completion_gate", d);
}

namespace {

std::string Cleanup(const SqlVocabulary& v, const Requirement& r, const std::string& proposed_index,
                    const std::string& proposed_index_drop, bool partitioned) {
  SqlData d = FileTemplateData(v, r, "99_cleanup.sql", "drops what 02_prepare.sql created, once the retention period is over.");
  d.Set("retention_days", std::to_string(r.backup_retention_days));
  d.Set("retention_gate_text", RetentionGate(v, r));
  d.Set("has_proposed_index", !proposed_index.empty());
  d.Set("partitioned", partitioned);
  d.Set("proposed_index", proposed_index);
  d.Set("proposed_index_drop", proposed_index_drop);
  return RenderSqlTemplate("cleanup", d);
}

// The file a copy of the backup goes to, named after the backup table with every character but
// ASCII letters, digits and underscores made an underscore: a word the shell neither splits nor
// expands, whatever the table is called.
std::string BackupFileName(const SqlVocabulary& v) {
  std::string name;
  for (char c : v.objects.backup) name += std::isalnum(static_cast<unsigned char>(c)) && !(c & 0x80) ? c : '_';
  return name + ".copy";
}

std::string BackupToFile(const SqlVocabulary& v, const Requirement& r) {
  SqlData d = FileTemplateData(v, r, "95_backup_to_file.sql", "the backup table copied to a file (psql's output).");
  d.Set("file_name", CommentText(BackupFileName(v)));
  d.Set("quiet", true);
  return RenderSqlTemplate("backup_to_file", d);
}

std::string RestoreBackupFile(const SqlVocabulary& v, const Requirement& r) {
  SqlData d = FileTemplateData(v, r, "96_restore_backup_file.sql", "a file of 95_backup_to_file.sql loaded back into the backup table.");
  d.Set("file_name", CommentText(BackupFileName(v)));
  d.Set("not_empty_message", QuoteLiteral(v.backup + " is not empty: the file was not loaded"));
  d.Set("not_empty_hint", QuoteLiteral("load the file only into the empty table 02_prepare.sql creates (after 99_cleanup.sql)"));
  d.SetQuoteTag("tag", "restore");
  d.Set("quiet", true);
  return RenderSqlTemplate("restore_backup_file", d);
}

}  // namespace

std::string PsqlRun(const std::string& file, const std::string& variables) {
  return "psql \"$DATABASE_URL\" -X -v ON_ERROR_STOP=1" + variables + " -f " + file;
}

std::vector<BundleFile> BuildBundle(const BundleInputs& in) {
  const SqlVocabulary& v = in.v;
  const Requirement& r = in.subject.requirement;
  const Wording& say = in.say;
  std::vector<BundleFile> files = {
      {"01_preflight.sql",
       say("read-only checks: rows to change, and new values a constraint would reject",
           "読み取り専用の事前確認: 変更する行数と、制約が拒否する新しい値"),
       PsqlRun("01_preflight.sql"), Preflight(v, r, in.preflight)},
      {"02_prepare.sql",
       say("backup table, progress table, batch procedures (re-runnable)",
           "バックアップテーブル、進捗テーブル、バッチ用プロシージャ（再実行可）"),
       PsqlRun("02_prepare.sql"), Prepare(v, r)},
      {"03_backfill.sql", say("the backfill in batches; resumes where it stopped", "バッチ単位のバックフィル。止まった位置から再開する"),
       PsqlRun("03_backfill.sql"), Backfill(v, r)},
  };
  if (r.execution == ExecutionMode::kBackgroundJob)
    files.push_back({"03_schedule.sql",
                     say("in place of 03_backfill.sql, unattended: the batches as a pg_cron job that unschedules itself when "
                         "the backfill is complete or stopped",
                         "03_backfill.sql の代わりに無人で実行: バッチを pg_cron のジョブにする。完了または停止でジョブは自分を解除する"),
                     PsqlRun("03_schedule.sql"), Schedule(v, r)});
  files.push_back(
      {"04_verify.sql", say("fails unless every target row holds its new value", "対象のすべての行が新しい値になっていなければ失敗する"),
       PsqlRun("04_verify.sql"), Verify(v, r)});
  if (r.not_null_after)
    files.push_back({"05_finalize.sql",
                     say("CHECK NOT VALID, VALIDATE, SET NOT NULL, drop the CHECK",
                         "CHECK NOT VALID、VALIDATE、SET NOT NULL、CHECK の削除"),
                     PsqlRun("05_finalize.sql"), Finalize(v, r)});
  bool undo_not_null = r.not_null_after && in.column_was_nullable;
  files.push_back({"90_rollback.sql",
                   say("restores old values from the backup, batch by batch", "バックアップから元の値をバッチ単位で戻す"),
                   PsqlRun("90_rollback.sql"), RollbackScript(v, r, undo_not_null, false, in.subject.expand.has_value())});
  files.push_back({"91_rollback_batches.sql",
                   say("restores only batches first_batch..last_batch", "first_batch..last_batch のバッチだけを戻す"),
                   PsqlRun("91_rollback_batches.sql", " -v first_batch=N -v last_batch=M"),
                   RollbackScript(v, r, undo_not_null, true, in.subject.expand.has_value())});
  std::string file = BackupFileName(v);
  files.push_back({"95_backup_to_file.sql",
                   say("optional, after 03: the backup table copied to a file, kept outside the database",
                       "任意。03 の後: バックアップテーブルをファイルにコピーし、データベースの外に保管する"),
                   PsqlRun("95_backup_to_file.sql") + " > " + file, BackupToFile(v, r)});
  files.push_back({"96_restore_backup_file.sql",
                   say("loads that file back into the empty backup table (after 02), for 90 and 91",
                       "そのファイルを空のバックアップテーブルに読み戻す（02 の後）。90 と 91 で使う"),
                   "cat 96_restore_backup_file.sql " + file + " | " + PsqlRun("-"),
                   RestoreBackupFile(v, r)});
  files.push_back({"99_cleanup.sql",
                   say("drops the backup, progress table and procedures after the retention period",
                       "保持期間の終了後にバックアップ、進捗テーブル、プロシージャを削除する"),
                   PsqlRun("99_cleanup.sql"), Cleanup(v, r, in.proposed_index, in.proposed_index_drop, !in.subject.table->partition_strategy.empty())});
  return files;
}

}  // namespace backfill

