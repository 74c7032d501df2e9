// Reversibility: a `fix` overwrites values that exist today; the backup is the only way back.
// When the new value is computed from the old one by a lossy transform (case folding, trimming,
// rounding, a narrowing cast, a replacement, COALESCE), the old value cannot be recomputed from
// the new one either.
#include <algorithm>
#include <set>

#include "planner/analysis/advisors.h"
#include "planner/sql/quote.h"

namespace backfill {
namespace {

bool IsLossyFunction(const std::string& name) {
  static const std::set<std::string> names = {
      "lower", "upper", "initcap", "trim", "btrim", "ltrim", "rtrim", "round", "trunc", "floor", "ceil", "ceiling",
      "regexp_replace", "replace", "translate", "substr", "substring", "left", "right", "overlay", "split_part",
      "date_trunc", "unaccent", "normalize", "abs", "greatest", "least", "nullif"};
  return names.count(name) > 0;
}

// Casts that can drop information: fractions, time of day, time zone, length, precision.
bool IsNarrowingCast(const std::string& cast) {
  static const std::set<std::string> names = {"int2", "int4", "int8", "int", "integer", "smallint", "bigint", "float4",
                                              "real", "date", "time", "timestamp", "bool", "boolean", "bpchar", "char",
                                              "money"};
  if (cast.size() > 3 && cast.compare(cast.size() - 3, 3, "(n)") == 0) return true;  // varchar(n), numeric(p,s) ...
  return names.count(cast) > 0;
}

}  // namespace

void AdviseReversibility(const BackfillSubject& s, const Wording& say, std::vector<Finding>& findings) {
  std::string target = s.table->name.Display() + "." + QuoteIdentifier(s.column->name);
  if (s.requirement.kind != BackfillKind::kFix || s.expand) return;  // a copy overwrites nothing
  int days = s.requirement.backup_retention_days;
  findings.push_back({"reversibility.overwrite", Severity::kWarn,
                      say("This backfill overwrites existing values of " + target + ": it destroys information",
                          "このバックフィルは " + target + " の既存の値を上書きする。情報が失われる"),
                      {target},
                      say("keep the backup table for at least " + std::to_string(days) +
                              " days; it is the only way back. Check 01_preflight.sql's row count against expectations",
                          "バックアップテーブルを少なくとも " + std::to_string(days) +
                              " 日間保持する。元に戻す唯一の手段である。01_preflight.sql の行数が想定どおりか確認する"),
                      PlanSection::kOverview});

  bool reads_target = std::any_of(s.set.columns.begin(), s.set.columns.end(),
                                  [&](const ColumnReference& c) { return c.column == s.column->name; });
  std::vector<std::string> lossy;
  if (reads_target) {
    for (const std::string& f : s.set.functions)
      if (IsLossyFunction(f) && std::find(lossy.begin(), lossy.end(), f + "()") == lossy.end()) lossy.push_back(f + "()");
    for (const std::string& c : s.set.casts)
      if (IsNarrowingCast(c) && std::find(lossy.begin(), lossy.end(), "::" + c) == lossy.end()) lossy.push_back("::" + c);
    if (s.set.has_coalesce) lossy.push_back("COALESCE");
  }
  if (!lossy.empty()) {
    std::string list;
    for (const std::string& l : lossy) list += (list.empty() ? "" : ", ") + l;
    findings.push_back({"reversibility.lossy", Severity::kWarn,
                        say("The new value is computed from the old one with a lossy transform (" + list +
                                "): the old value cannot be worked out from the new one",
                            "新しい値は元の値から情報が失われる変換 (" + list +
                                ") で計算される。新しい値から元の値を割り出すことはできない"),
                        lossy,
                        say("values that differed before (case, spaces, digits, NULL against a default) become equal; "
                            "only the backup table can restore them, so 90_rollback.sql works only while it exists",
                            "以前は異なっていた値（大文字と小文字、空白、桁、NULL と既定値など）が同じ値になる。復元できるのは"
                            "バックアップテーブルだけなので、90_rollback.sql はバックアップテーブルがある間しか使えない"),
                        PlanSection::kRollback});
  }
  findings.push_back({"reversibility.backup_retention", Severity::kInfo,
                      say("The backup table is the only copy of the overwritten values",
                          "上書きされる値のコピーはバックアップテーブルにしかない"),
                      {target},
                      say("keep the backup table for " + std::to_string(days) +
                              " days (backup_retention_days) and until the owners of " + target +
                              " confirm the new values; 99_cleanup.sql refuses to drop it earlier",
                          "バックアップテーブルは " + std::to_string(days) + " 日間 (backup_retention_days)、かつ " +
                              target + " の担当者が新しい値を確認するまで保持する。99_cleanup.sql はそれより前の削除を拒否する"),
                      PlanSection::kChecklist});
}

}  // namespace backfill
