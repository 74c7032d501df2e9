#include "planner/plan/template_vocabulary.h"

#include <string>
#include <utility>

#include "planner/sql/quote.h"
#include "planner/version.h"

namespace backfill {
namespace {

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

// One item per key column: its number (cursor_<n>), quoted name, type, qualified name and the
// CTE column that carries it.
SqlList KeyItems(const SqlVocabulary& v) {
  SqlList keys;
  for (size_t i = 0; i < v.keys.size(); ++i) {
    SqlData key;
    key.Set("n", std::to_string(i + 1));
    key.Set("name", v.keys[i]);
    key.Set("type", v.key_types[i]);
    key.Set("qualified", v.Qualified(v.keys[i]));
    key.Set("cte", v.cte_keys[i]);
    keys.Add(key);
  }
  return keys;
}

// Where the batch's next rows start and end: after the cursor or from the start of the table,
// up to the window's end or not; or the single row on_error=skip steps over.
SqlData RowsFrom(bool from_cursor, bool bounded, bool one_row) {
  SqlData d;
  d.Set("from_cursor", from_cursor);
  d.Set("bounded", bounded);
  d.Set("one_row", one_row);
  return d;
}

}  // namespace

SqlData TemplateVocabulary(const SqlVocabulary& v) {
  SqlData d;
  const std::pair<const char*, const std::string&> names[] = {
      {"table", v.table},           {"ref", v.ref},
      {"column", v.column},         {"column_type", v.column_type},
      {"set", v.set},               {"where", v.where},
      {"backup", v.backup},         {"progress", v.progress},
      {"ranges", v.ranges},
      {"batch", v.batch},           {"begin", v.begin},
      {"gate", v.gate},             {"tick", v.tick},
      {"restore", v.restore},       {"old_value", v.old_value},
      {"new_value", v.new_value},   {"new_xmin", v.new_xmin},
      {"new_xact", v.new_xact},     {"batch_no", v.batch_no},
      {"state", v.state},           {"backed_up_at", v.backed_up_at},
      {"restored_at", v.restored_at}, {"cte_batch", v.cte_batch},
      {"cte_updated", v.cte_updated}, {"cte_saved", v.cte_saved},
      {"cte_restored", v.cte_restored}, {"cte_earlier", v.cte_earlier},
      {"cte_old", v.cte_old},       {"cte_new", v.cte_new},
      {"cte_old_xmin", v.cte_old_xmin}, {"cte_new_xmin", v.cte_new_xmin},
      {"b", v.backup_alias},        {"p", v.var},
  };
  for (const auto& [name, value] : names) d.Set(name, value);
  d.Set("throttle_query", !v.throttle_query.empty());
  d.Set("throttle_query_sql", v.throttle_query);
  d.Set("table_literal", QuoteLiteral(v.table));
  d.Set("table_comment", CommentText(v.table));
  d.Set("target_comment", CommentText(v.table + "." + v.column));
  d.Set("tool_version", ToolVersion());
  d.Set("column_literal", QuoteLiteral(v.column_name));
  d.Set("begin_comment", CommentText(v.begin));
  d.Set("qualified_column", v.Qualified(v.column));
  d.Set("pending", v.PendingPredicate());
  // pending_rows.sql.mustache: the first condition after WHERE, each other one on a line of its own.
  std::vector<std::string> terms = v.PendingTerms();
  d.Set("pending_first", terms.front());
  SqlList rest;
  for (size_t i = 1; i < terms.size(); ++i) {
    SqlData term;
    term.Set("term", terms[i]);
    rest.Add(term);
  }
  d.Set("pending_rest", rest);
  d.Set("keys", KeyItems(v));
  d.Set("key_list", v.KeyList(""));
  d.Set("key_list_ref", v.KeyList(v.ref));
  d.Set("key_list_backup", v.KeyList(v.backup_alias));
  d.Set("key_list_updated", v.KeyList(v.cte_updated));
  d.Set("key_row", v.KeyRow(v.ref));
  d.Set("key_order", v.KeyOrder(v.ref));
  // A nullable key: the batches page only the rows with a key (templates/sql/next_rows.sql.mustache).
  d.Set("nullable_key", !v.nullable_keys.empty());
  d.Set("key_present", v.KeyPresent());
  d.Set("key_missing", v.KeyMissing());
  d.Set("key_columns_literal", QuoteLiteral(v.KeyList("")));
  std::string cte_key_list, cte_key_order_desc;
  for (size_t i = 0; i < v.cte_keys.size(); ++i) {
    cte_key_list += (i ? ", " : "") + v.cte_keys[i];
    cte_key_order_desc += (i ? ", " : "") + v.cte_batch + "." + v.cte_keys[i] + " DESC";
  }
  d.Set("cte_key_list", cte_key_list);
  d.Set("cte_key_order_desc", cte_key_order_desc);
  d.Set("cursor_row", KeyVariables(v, "cursor_"));
  d.Set("end_row", KeyVariables(v, "end_"));
  d.Set("upper_row", KeyVariables(v, "upper_"));
  d.Set("last_list", KeyVariableList(v, "last_"));
  d.Set("end_list", KeyVariableList(v, "end_"));
  d.Set("keys_equal_batch", v.KeysEqual(v.ref, v.cte_keys, v.cte_batch));
  d.Set("keys_equal_earlier", v.KeysEqual(v.cte_earlier, v.keys, v.cte_updated));
  d.Set("keys_equal_backup", v.KeysEqual(v.ref, v.keys, v.backup_alias));
  d.Set("keys_equal_restored", v.KeysEqual(v.backup_alias, v.keys, v.cte_restored));
  d.Set("wrote_version_earlier", v.WroteVersion(v.cte_earlier, v.cte_updated + "." + v.cte_old_xmin));
  d.Set("wrote_version_backup", v.WroteVersion(v.backup_alias, v.ref + ".xmin"));
  d.Set("from_start", RowsFrom(false, false, false));
  d.Set("after_cursor", RowsFrom(true, false, false));
  d.Set("from_start_to_window_end", RowsFrom(false, true, false));
  d.Set("after_cursor_to_window_end", RowsFrom(true, true, false));
  d.Set("skip_from_start", RowsFrom(false, false, true));
  d.Set("skip_after_cursor", RowsFrom(true, false, true));
  d.Set("probe", true);  // the batch statement reads each key's backup entry, unless first_try says not
  SqlData first_try, probed;
  first_try.Set("probe", false);
  probed.Set("probe", true);
  d.Set("first_try", first_try);
  d.Set("probed", probed);
  return d;
}

SqlData FileTemplateData(const SqlVocabulary& v, const Requirement& r, const std::string& file, const std::string& what) {
  SqlData d = TemplateVocabulary(v);
  d.Set("file", file);
  d.Set("what", what);
  d.Set("quiet", false);  // 95 and 96: psql's output or input is COPY data, so no command tags
  d.Set("lock_timeout_ms", std::to_string(r.lock_timeout_ms));
  d.Set("statement_timeout_ms", std::to_string(r.statement_timeout_ms));
  // How long a script that stops the backfill waits for a running batch to commit.
  d.Set("stop_lock_timeout_ms", std::to_string(r.statement_timeout_ms + r.lock_timeout_ms));
  return d;
}

}  // namespace backfill
