#include "planner/plan/sql_vocabulary.h"

#include <algorithm>
#include <set>

#include "planner/sql/quote.h"

namespace backfill {
namespace {

// base, or base_2, base_3 ... whichever is not taken (compared as PostgreSQL would: folded).
std::string Unused(const std::string& base, std::set<std::string>& taken) {
  std::string name = base;
  for (int n = 2; taken.count(name); ++n) name = base + "_" + std::to_string(n);
  taken.insert(name);
  return name;
}

bool NeedsTextComparison(const TypeRef& type) {
  static const std::set<std::string> no_equality = {"xml", "point", "line", "lseg", "box", "path", "polygon",
                                                    "circle", "txid_snapshot", "pg_snapshot"};
  return type.name.schema == "pg_catalog" && no_equality.count(type.name.name);
}

}  // namespace

std::string SqlVocabulary::KeyList(const std::string& qualifier) const {
  std::string out;
  for (size_t i = 0; i < keys.size(); ++i) out += (i ? ", " : "") + (qualifier.empty() ? "" : qualifier + ".") + keys[i];
  return out;
}

std::string SqlVocabulary::KeyRow(const std::string& qualifier) const {
  return keys.size() == 1 ? KeyList(qualifier) : "(" + KeyList(qualifier) + ")";
}

std::string SqlVocabulary::KeyOrder(const std::string& qualifier, bool descending) const {
  std::string out;
  for (size_t i = 0; i < keys.size(); ++i)
    out += (i ? ", " : "") + (qualifier.empty() ? "" : qualifier + ".") + keys[i] + (descending ? " DESC" : "");
  return out;
}

std::string SqlVocabulary::KeysEqual(const std::string& left, const std::vector<std::string>& right_names,
                                     const std::string& right) const {
  std::string l = KeyRow(left), r;
  for (size_t i = 0; i < right_names.size(); ++i) r += (i ? ", " : "") + right + "." + right_names[i];
  return l + " = " + (right_names.size() == 1 ? r : "(" + r + ")");
}

std::string SqlVocabulary::KeyPresent() const {
  std::string out;
  for (const std::string& k : nullable_keys) out += (out.empty() ? "" : " AND ") + Qualified(k) + " IS NOT NULL";
  return out;
}

std::string SqlVocabulary::KeyMissing() const {
  std::string out;
  for (const std::string& k : nullable_keys) out += (out.empty() ? "" : " OR ") + Qualified(k) + " IS NULL";
  return out;
}

std::string SqlVocabulary::Distinct(const std::string& a, const std::string& b, bool distinct) const {
  return DistinctAs(a, b, compare_as, distinct);
}

std::string SqlVocabulary::WroteVersion(const std::string& entry, const std::string& row_xmin) const {
  return entry + "." + new_xmin + " = " + row_xmin + " AND " + entry + "." + new_xact +
         "::text::bigint > pg_snapshot_xmax(pg_current_snapshot())::text::bigint - 2147483648";
}

std::vector<std::string> SqlVocabulary::PendingTerms() const {
  const std::string& b = backup_alias;
  std::string entry = "SELECT 1 FROM " + backup + " AS " + b + " WHERE " + KeysEqual(b, keys, ref) + " AND ";
  std::vector<std::string> terms = PendingBeforeRunTerms();
  if (volatile_set) {
    // The value cannot be recomputed: a row is done while it is the version the backfill wrote.
    terms.push_back("NOT EXISTS (" + entry + b + "." + state + " = 'applied' AND " + WroteVersion(b, ref + ".xmin") + ")");
  }
  // keep: a row the backfill changed is the application's once it writes it again ('kept' after
  // a rollback); only a row the rollback restored is the backfill's to change again.
  if (keep_app_writes) terms.push_back("NOT EXISTS (" + entry + b + "." + state + " IN ('applied', 'kept'))");
  return terms;
}

std::vector<std::string> SqlVocabulary::PendingBeforeRunTerms() const {
  if (volatile_set) return {"(" + where + ")"};
  std::string guard = Distinct(Qualified(column), "(" + set + ")");
  if (where_is_guard) return {guard};
  return {"(" + where + ")", guard};
}

namespace {

std::string Conjunction(const std::vector<std::string>& terms) {
  std::string out;
  for (const std::string& term : terms) out += (out.empty() ? "" : "\n    AND ") + term;
  return out;
}

}  // namespace

std::string SqlVocabulary::PendingPredicate() const { return Conjunction(PendingTerms()); }

std::string SqlVocabulary::PendingBeforeRun() const { return Conjunction(PendingBeforeRunTerms()); }

std::string ComparisonType(const TypeRef& type) {
  bool is_json = type.name.schema == "pg_catalog" && type.name.name == "json" && type.array_dims == 0;
  return is_json ? "jsonb" : NeedsTextComparison(type) || (type.array_dims > 0 && type.name.name == "json") ? "text" : "";
}

std::string DistinctAs(const std::string& a, const std::string& b, const std::string& compare_as, bool distinct) {
  const std::string op = distinct ? " IS DISTINCT FROM " : " IS NOT DISTINCT FROM ";
  if (compare_as.empty()) return a + op + b;
  return "(" + a + ")::" + compare_as + op + "(" + b + ")::" + compare_as;
}

SqlVocabulary MakeVocabulary(const BackfillSubject& subject, const ObjectNames& objects) {
  SqlVocabulary v;
  v.table = subject.table->name.Display();
  v.ref = QuoteIdentifier(subject.table->name.name);
  v.column = QuoteIdentifier(subject.column->name);
  v.target = QuoteIdentifier(subject.table->name.name) + "." + v.column;
  v.column_name = subject.column->name;
  v.column_type = subject.column->type.sql;
  v.compare_as = ComparisonType(subject.column->type);
  std::set<std::string> key_names, table_columns;
  for (const KeyColumn& k : subject.key.columns) {
    v.keys.push_back(QuoteIdentifier(k.name));
    v.key_types.push_back(k.type.sql);
    if (k.nullable) v.nullable_keys.push_back(QuoteIdentifier(k.name));
    key_names.insert(k.name);
  }
  for (const Column& c : subject.table->columns) table_columns.insert(c.name);
  v.set = subject.set.sql;
  v.where = subject.where.sql;
  v.where_is_guard = subject.where_defaulted && subject.requirement.kind == BackfillKind::kFix;
  v.volatile_set = subject.set.is_volatile;
  v.fill = subject.requirement.kind == BackfillKind::kFill;
  v.keep_app_writes = AppWrites(subject.requirement) == AppWritePolicy::kKeep;
  v.objects = objects;
  v.backup = objects.Qualified(objects.backup);
  v.progress = objects.Qualified(objects.progress);
  v.ranges = objects.Qualified(objects.ranges);
  v.batch = objects.Qualified(objects.batch);
  v.gate = objects.Qualified(objects.gate);
  v.tick = objects.Qualified(objects.tick);
  if (subject.throttle) v.throttle_query = subject.throttle->sql;
  v.begin = objects.Qualified(objects.begin);
  v.restore = objects.Qualified(objects.restore);

  // Backup columns must not collide with the key columns stored beside them.
  std::set<std::string> backup_taken = key_names;
  v.old_value = QuoteIdentifier(Unused("old_value", backup_taken));
  v.new_value = QuoteIdentifier(Unused("new_value", backup_taken));
  v.new_xmin = QuoteIdentifier(Unused("new_xmin", backup_taken));
  v.new_xact = QuoteIdentifier(Unused("new_xact", backup_taken));
  v.batch_no = QuoteIdentifier(Unused("batch_no", backup_taken));
  v.state = QuoteIdentifier(Unused("state", backup_taken));
  v.backed_up_at = QuoteIdentifier(Unused("backed_up_at", backup_taken));
  v.restored_at = QuoteIdentifier(Unused("restored_at", backup_taken));

  // CTE and CTE column names must not collide with the table's columns, which the user's
  // expressions may name without a qualifier, nor with the table's own name.
  std::set<std::string> taken = table_columns;
  taken.insert(subject.table->name.name);
  v.backup_alias = Unused("backup", taken);
  v.cte_batch = Unused("backfill_batch", taken);
  v.cte_updated = Unused("backfill_updated", taken);
  v.cte_saved = Unused("backfill_saved", taken);
  v.cte_restored = Unused("backfill_restored", taken);
  v.cte_earlier = Unused("backfill_earlier", taken);
  for (size_t i = 0; i < v.keys.size(); ++i) v.cte_keys.push_back(Unused("backfill_key_" + std::to_string(i + 1), taken));
  v.cte_old = Unused("backfill_old_value", taken);
  v.cte_new = Unused("backfill_new_value", taken);
  v.cte_old_xmin = Unused("backfill_old_xmin", taken);
  v.cte_new_xmin = Unused("backfill_new_xmin", taken);
  v.var = "v_";
  for (int n = 2; std::any_of(table_columns.begin(), table_columns.end(),
                              [&](const std::string& c) { return c.rfind(v.var, 0) == 0; });
       ++n)
    v.var = "v" + std::to_string(n) + "_";
  return v;
}

}  // namespace backfill
