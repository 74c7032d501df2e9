#include "planner/plan/expand_contract_files.h"

#include <algorithm>
#include <functional>

#include "planner/analysis/index_facts.h"
#include "planner/plan/bundle.h"
#include "planner/plan/object_names.h"
#include "planner/plan/sql_template.h"
#include "planner/plan/template_vocabulary.h"
#include "planner/sql/embed.h"
#include "planner/sql/quote.h"

namespace backfill {
namespace {

std::string QuotedParts(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& part : parts) out += (out.empty() ? "" : ".") + QuoteIdentifier(part);
  return out;
}

// A relation's oid, found by its schema's and its own name: regclass input reads no U&"" identifier,
// which a name holding a control character needs.
std::string RelationOid(const std::string& schema, const std::string& name) {
  return "(SELECT c.oid FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace WHERE n.nspname = " +
         QuoteLiteral(schema) + " AND c.relname = " + QuoteLiteral(name) + ")";
}

// An index of the old column's, written again for the new one from what the parse tree says of
// each key item. Empty when the catalog does not know enough to write it the same way: an
// expression or predicate reading the old column, INCLUDE of it, storage or operator class options.
std::optional<SqlData> CopiedIndex(const Index& index, const ExpandContract& c, const std::string& date,
                                   const std::string& to_column, const std::string& role) {
  if (!Has(index.columns, c.old_column) || Has(index.expression_reads, c.old_column) ||
      Has(index.predicate_reads, c.old_column) || Has(index.include_columns, c.old_column) || index.has_storage_options)
    return std::nullopt;
  std::string items;
  size_t expression = 0;
  for (size_t i = 0; i < index.columns.size(); ++i) {
    const std::string& column = index.columns[i];
    std::string item = column.empty() ? "(" + EmbeddableExpression(index.expressions_sql.at(expression++)) + ")"
                                      : QuoteIdentifier(column == c.old_column ? to_column : column);
    if (i < index.item_options.size()) {
      const IndexItemOptions& o = index.item_options[i];
      if (o.has_opclass_options) return std::nullopt;
      if (!o.collation.empty()) item += " COLLATE " + QuotedParts(o.collation);
      if (!o.opclass.empty()) item += " " + QuotedParts(o.opclass);
      if (o.descending) item += " DESC";
      if (!o.nulls.empty()) item += " NULLS " + o.nulls;
    }
    items += (items.empty() ? "" : ", ") + item;
  }
  std::string tail;
  if (!index.include_columns.empty()) {
    std::string include;
    for (const std::string& column : index.include_columns) include += (include.empty() ? "" : ", ") + QuoteIdentifier(column);
    tail += " INCLUDE (" + include + ")";
  }
  if (index.nulls_not_distinct) tail += " NULLS NOT DISTINCT";
  if (index.predicate_sql) tail += " WHERE " + EmbeddableExpression(*index.predicate_sql);
  std::string new_name = DeriveName(index.name.name, role, date);
  std::string qualified = QuoteIdentifier(index.name.schema) + "." + QuoteIdentifier(new_name);
  SqlData d;
  d.Set("old_index_comment", CommentText(index.name.Display()));
  d.Set("new_index", qualified);
  d.Set("new_index_name", QuoteIdentifier(new_name));
  d.Set("new_index_literal", QuoteLiteral(qualified));
  d.Set("new_index_oid", RelationOid(index.name.schema, new_name));
  d.Set("unique", index.unique || index.primary);
  d.Set("method", QuoteIdentifier(index.method));
  d.Set("items", items);
  d.Set("tail", tail);
  // Once the old column is dropped (and its index with it), the copy takes the old name; a
  // unique constraint's index becomes the constraint again.
  d.Set("adopt_index", index.from_constraint && index.unique
                           ? "ALTER TABLE " + index.table.Display() + " ADD CONSTRAINT " + QuoteIdentifier(index.name.name) +
                                 " UNIQUE USING INDEX " + QuoteIdentifier(new_name) + ";"
                           : "ALTER INDEX " + qualified + " RENAME TO " + QuoteIdentifier(index.name.name) + ";");
  return d;
}

std::string ColumnList(const std::vector<std::string>& columns, const std::string& from, const std::string& to) {
  std::string out;
  for (const std::string& column : columns) out += (out.empty() ? "" : ", ") + QuoteIdentifier(column == from ? to : column);
  return out;
}

std::string ForeignKeyOptions(const ForeignKey& fk) {
  std::string options;
  if (fk.match_full) options += " MATCH FULL";
  if (fk.on_update != FkAction::kNoAction) options += std::string(" ON UPDATE ") + FkActionSql(fk.on_update);
  if (fk.on_delete != FkAction::kNoAction) options += std::string(" ON DELETE ") + FkActionSql(fk.on_delete);
  if (fk.deferrable) options += fk.initially_deferred ? " DEFERRABLE INITIALLY DEFERRED" : " DEFERRABLE";
  return options;
}

// A foreign key from the old column, made again from the new one: added NOT VALID (a short
// lock on both tables, bounded by lock_timeout), then validated without blocking writes.
SqlData CopiedForeignKey(const ForeignKey& fk, const ExpandContract& c, const std::string& date) {
  std::string columns = ColumnList(fk.columns, c.old_column, c.new_column), referenced = ColumnList(fk.referenced_columns, "", "");
  std::string options = ForeignKeyOptions(fk);
  std::string new_name = DeriveName(fk.name, "copy", date);
  SqlData d;
  d.Set("old_fk_comment", CommentText(fk.name));
  d.Set("new_fk", QuoteIdentifier(new_name));
  d.Set("new_fk_literal", QuoteLiteral(new_name));
  d.Set("fk_columns", columns);
  d.Set("referenced_table", fk.referenced_table.Display());
  d.Set("referenced_columns", referenced.empty() ? "" : " (" + referenced + ")");
  d.Set("fk_options", options);
  d.Set("adopt_fk", "ALTER TABLE " + fk.table.Display() + " RENAME CONSTRAINT " + QuoteIdentifier(new_name) + " TO " +
                        QuoteIdentifier(fk.name) + ";");
  return d;
}

// A foreign key that references the key: made again to the key's copy on the new column (06),
// and, to undo the switch, to the original column under its swapped name (87).
SqlData ReferencingForeignKey(const ForeignKey& fk, const Index& key, const ExpandContract& c, const std::string& date) {
  const std::vector<std::string>& referenced = fk.referenced_columns.empty() ? key.columns : fk.referenced_columns;
  std::string copy = DeriveName(fk.name, "copy", date), back = DeriveName(fk.name, "back", date);
  SqlData d;
  d.Set("child", fk.table.Display());
  d.Set("child_literal", QuoteLiteral(fk.table.Display()));
  d.Set("child_oid", RelationOid(fk.table.schema, fk.table.name));
  d.Set("child_comment", CommentText(fk.table.Display()));
  d.Set("old_fk", QuoteIdentifier(fk.name));
  d.Set("old_fk_comment", CommentText(fk.name));
  d.Set("new_fk", QuoteIdentifier(copy));
  d.Set("new_fk_literal", QuoteLiteral(copy));
  d.Set("back_fk", QuoteIdentifier(back));
  d.Set("back_fk_literal", QuoteLiteral(back));
  d.Set("fk_columns", ColumnList(fk.columns, "", ""));
  d.Set("new_columns", ColumnList(referenced, c.old_column, c.new_column));
  d.Set("back_columns", ColumnList(referenced, c.old_column, c.swapped_column));
  d.Set("fk_options", ForeignKeyOptions(fk));
  return d;
}

// The key's own index at the switch and its undo: dropped with its constraint, and the copy made
// the key under the same name (ADD CONSTRAINT ... USING INDEX renames the index to it).
std::string DropKey(const Index& key) {
  return key.from_constraint || key.primary ? "ALTER TABLE " + key.table.Display() + " DROP CONSTRAINT " + QuoteIdentifier(key.name.name) + ";"
                                            : "DROP INDEX " + key.name.Display() + ";";
}

std::string AdoptKey(const Index& key, const std::string& index_name) {
  if (key.primary || key.from_constraint)
    return "ALTER TABLE " + key.table.Display() + " ADD CONSTRAINT " + QuoteIdentifier(key.name.name) +
           (key.primary ? " PRIMARY KEY" : " UNIQUE") + " USING INDEX " + QuoteIdentifier(index_name) + ";";
  return "ALTER INDEX " + QuoteIdentifier(key.name.schema) + "." + QuoteIdentifier(index_name) + " RENAME TO " +
         QuoteIdentifier(key.name.name) + ";";
}

// The integer type a sequence counts in, for a column of `type` (empty: not an integer type, the
// sequence keeps its own).
std::string SequenceType(const TypeRef& type) {
  if (type.array_dims != 0 || type.name.schema != "pg_catalog") return "";
  if (type.name.name == "int2") return "smallint";
  if (type.name.name == "int4") return "integer";
  if (type.name.name == "int8") return "bigint";
  return "";
}

// A value of the other column, from the row being written: the expression reads the row's
// columns by name, so it reads them from NEW (a column reference alone is read directly).
std::string FromNew(const std::string& expression, const Table& table, const SqlVocabulary& v) {
  for (const Column& column : table.columns)
    if (expression == QuoteIdentifier(column.name)) return "NEW." + expression;
  return "(SELECT " + expression + " FROM (SELECT NEW.*) AS " + v.ref + ")";
}

// The transition table: for each phase, what runs, what undoes it, and what old and new
// application versions may do while it is in force.
std::vector<PhaseRow> Phases(const ExpandContract& c, const SqlVocabulary& v, bool copies_indexes, const Wording& say) {
  std::string old_column = "`" + QuoteIdentifier(c.old_column) + "`", new_column = "`" + v.column + "`";
  std::string old_works = say("reads and writes " + old_column + " as today; the trigger copies its writes to " + new_column,
                              "これまでどおり " + old_column + " を読み書きする。書き込みはトリガーが " + new_column + " に写す");
  std::string not_yet = c.keeps_name
      ? say("the same as the old one: it uses " + old_column + ", and must accept values of " + v.column_type + " from the switch on",
            "旧バージョンと同じく " + old_column + " を使う。切り替え以降の " + v.column_type + " の値を受け付けること")
      : say("not deployed yet: " + new_column + " is not complete", "まだデプロイしない。" + new_column + " はまだ揃っていない");
  std::vector<PhaseRow> phases = {
      {say("1. Expand", "1. 拡張"), "00_expand.sql", "80_undo_expand.sql", old_works, not_yet},
      {say("2. Backfill", "2. バックフィル"), c.old_not_null ? "01-05" : "01-04", "90_rollback.sql, 91_rollback_batches.sql", old_works,
       not_yet}};
  if (copies_indexes)
    phases.push_back({say("3. Indexes", "3. インデックス"), "06_copy_indexes.sql", "86_undo_copy_indexes.sql", old_works,
                      c.keeps_name ? not_yet
                                   : say("not deployed yet: queries on " + new_column + " need its indexes",
                                         "まだデプロイしない。" + new_column + " への問い合わせにはインデックスが要る")});
  if (c.keeps_name) {
    std::string swapped = "`" + QuoteIdentifier(c.swapped_column) + "`";
    std::string both = say("uses " + old_column + ", now of type " + v.column_type + " (the original is " + swapped +
                               (c.reverse_sql ? ", kept in step by the trigger)" : ", no longer kept in step)"),
                           old_column + " を使う。型は " + v.column_type + " になった（元の列は " + swapped +
                               (c.reverse_sql ? "。トリガーが同期する）" : "。もう同期しない）"));
    phases.push_back({say("4. Switch", "4. 切り替え"), "07_switch.sql",
                      c.reverse_sql ? "87_undo_switch.sql" : say("none: without `reverse` the original is not kept in step",
                                                                 "なし。`reverse` がないため元の列は同期されない"),
                      both, both});
    phases.push_back({say("5. Contract", "5. 縮小"), "08_contract.sql",
                      say("none: plan a retype back", "なし。元に戻す retype を計画する"),
                      say("uses " + old_column + " (" + swapped + " no longer exists)", old_column + " を使う（" + swapped + " はもう存在しない）"),
                      say("uses " + old_column, old_column + " を使う")});
    return phases;
  }
  std::string switch_old = c.reverse_sql
      ? say("may still run: the trigger copies the new version's writes back to " + old_column,
            "まだ動いていてよい。新しいバージョンの書き込みはトリガーが " + old_column + " に写し戻す")
      : say("must be gone before a new version writes " + new_column + ": without `reverse` nothing copies its writes back to " +
                old_column,
            "新しいバージョンが " + new_column + " に書き込む前に停止していること。`reverse` がないので、その書き込みを " +
                old_column + " に写し戻すものがない");
  phases.push_back({say("4. Switch", "4. 切り替え"), say("deploy the new version", "新しいバージョンをデプロイする"),
                    say("deploy the old version again (" + old_column + " is in step)", "古いバージョンをデプロイし直す（" +
                                                                                         old_column + " は同期している）"),
                    switch_old,
                    say("reads and writes " + new_column + " only", new_column + " だけを読み書きする")});
  phases.push_back({say("5. Contract", "5. 縮小"), "08_contract.sql",
                    say("none: plan a " + std::string(KindName(c.kind)) + " back from " + new_column,
                        "なし。" + new_column + " から戻す " + KindName(c.kind) + " を計画する"),
                    say("gone: " + old_column + " no longer exists", "停止済み。" + old_column + " はもう存在しない"),
                    say("reads and writes " + new_column, new_column + " を読み書きする")});
  return phases;
}

using FileData = std::function<SqlData(const std::string& file, const std::string& what)>;

// The trigger after the switch: the roles turned round. The application writes the column (now
// the copy, under the column's name) and the trigger keeps the original, under its swapped name,
// in step through `reverse`, for 87_undo_switch.sql.
std::string SwitchedSyncFunction(const BackfillSubject& s, const SqlVocabulary& v, const FileData& data) {
  const ExpandContract& c = *s.expand;
  std::string column = QuoteIdentifier(c.old_column), original = QuoteIdentifier(c.swapped_column);
  SqlData d = data("", "");
  d.Set("column", original);
  d.Set("old_column", column);
  d.Set("column_comment", CommentText(v.ref + "." + original));
  d.Set("old_column_comment", CommentText(v.ref + "." + column));
  d.Set("forward_new", FromNew(*c.reverse_sql, *s.table, v));
  d.Set("reverse_new", "");
  d.Set("has_reverse", false);
  d.Set("old_changed", DistinctAs("NEW." + column, "OLD." + column, ComparisonType(c.new_type)));
  d.Set("new_unchanged", DistinctAs("NEW." + original, "OLD." + original, ComparisonType(c.old_type), false));
  d.Set("new_changed", "");
  d.Set("new_differs_from_forward", "");
  d.SetQuoteTag("tag", "body");
  return RenderSqlValue("sync_function", d);
}

// What moves the default and its sequence from one column to the other (move_default).
void SetMoveDefault(SqlData& d, const std::string& from, const std::string& to, const TypeRef& to_type) {
  d.Set("from", QuoteIdentifier(from));
  d.Set("from_literal", QuoteLiteral(from));
  d.Set("to_literal", QuoteLiteral(to));
  d.Set("has_sequence_type", !SequenceType(to_type).empty());
  d.Set("sequence_type", SequenceType(to_type));
}

// 07_switch.sql, and 87_undo_switch.sql when the trigger keeps the original in step after it.
void SwitchFiles(const BackfillSubject& s, const SqlVocabulary& v, const FileData& data, const std::string& date,
                 const std::string& sync_function, const Wording& say, ExpandContractFiles& out) {
  const ExpandContract& c = *s.expand;
  const Requirement& r = s.requirement;
  std::string column = QuoteIdentifier(c.old_column), original = QuoteIdentifier(c.swapped_column);
  SqlData sw = data("07_switch.sql", "gives the copy the column's name, and the key, in one short transaction.");
  sw.Set("completion_gate_text", CompletionGate(v, r));
  sw.Set("new_not_null", c.old_not_null);
  sw.Set("old_not_null", c.old_not_null);
  sw.Set("has_reverse", c.reverse_sql.has_value());
  sw.Set("switched_sync_function_text", c.reverse_sql ? SwitchedSyncFunction(s, v, data) : "");
  sw.Set("drop_key", c.key ? DropKey(c.key->index) : "");
  sw.Set("adopt_key", c.key ? AdoptKey(c.key->index, DeriveName(c.key->index.name.name, "copy", date)) : "");
  sw.Set("p", "");
  sw.Set("retried", "07_switch.sql");
  SetMoveDefault(sw, c.old_column, c.new_column, c.new_type);
  sw.SetQuoteTag("gate_tag", "checks");
  sw.SetQuoteTag("tag", "switch");
  out.files.push_back({"07_switch.sql",
                       say("gives " + v.column + " the name " + column + " (the original becomes " + original +
                               (c.key ? "), and the key with its references" : ")") + ", in one short transaction",
                           v.column + " に " + column + " の名前を与える（元の列は " + original + " になる" +
                               (c.key ? "。キーとその参照も移す" : "") + "）。短い 1 トランザクションで行う"),
                       PsqlRun("07_switch.sql"), RenderSqlTemplate("switch", sw)});
  if (!c.reverse_sql) return;
  SqlData undo = data("87_undo_switch.sql", "undoes 07_switch.sql.");
  undo.Set("old_not_null", c.old_not_null);
  undo.Set("back_check", QuoteIdentifier(DeriveName(c.swapped_column, "not_null", date)));
  undo.Set("back_check_literal", QuoteLiteral(DeriveName(c.swapped_column, "not_null", date)));
  std::optional<SqlData> back = c.key ? CopiedIndex(c.key->index, c, date, c.swapped_column, "back") : std::nullopt;
  std::string back_name = c.key ? DeriveName(c.key->index.name.name, "back", date) : "";
  undo.Set("back_index", back ? QuoteIdentifier(c.key->index.name.schema) + "." + QuoteIdentifier(back_name) : "");
  undo.Set("back_index_name", QuoteIdentifier(back_name));
  undo.Set("back_index_oid", back ? RelationOid(c.key->index.name.schema, back_name) : "");
  undo.Set("back_items", back ? ColumnList(c.key->index.columns, c.old_column, c.swapped_column) : "");
  undo.Set("method", c.key ? QuoteIdentifier(c.key->index.method) : "");
  undo.Set("drop_key", c.key ? DropKey(c.key->index) : "");
  undo.Set("adopt_back", c.key ? AdoptKey(c.key->index, back_name) : "");
  undo.Set("sync_function_text", sync_function);
  undo.Set("p", "");
  undo.Set("retried", "87_undo_switch.sql");
  SetMoveDefault(undo, c.old_column, c.swapped_column, c.old_type);
  std::string old_max = SequenceType(c.old_type) == "smallint" ? "32767" : SequenceType(c.old_type) == "integer" ? "2147483647" : "";
  undo.Set("has_old_type_max", !old_max.empty());
  undo.Set("old_type_max", old_max);
  undo.SetQuoteTag("gate_tag", "checks");
  undo.SetQuoteTag("tag", "undo");
  undo.SetQuoteTag("failed_tag", "failed");
  out.files.push_back({"87_undo_switch.sql",
                       say("gives " + original + " its name " + column + " back, and the key, from the values the trigger kept",
                           original + " に名前 " + column + " とキーを戻す。値はトリガーが同期していたもの"),
                       PsqlRun("87_undo_switch.sql"), RenderSqlTemplate("undo_switch", undo)});
}

}  // namespace

ExpandContractFiles BuildExpandContractFiles(const BackfillSubject& s, const SqlVocabulary& v, const std::string& date,
                                             const Wording& say) {
  const ExpandContract& c = *s.expand;
  const Requirement& r = s.requirement;
  ExpandContractFiles out;
  std::string old_column = QuoteIdentifier(c.old_column);
  std::string old_compare = ComparisonType(c.old_type);

  // Every copy is built by 06 and checked before the switch; the key's copy becomes the key at
  // the switch, the others take their originals' names at the contract.
  SqlList copied, adopted;
  bool key_copied = false;
  for (const Index* index : s.catalog->IndexesOn(s.table->name)) {
    if (!IndexReads(*index, c.old_column) && !Has(index->include_columns, c.old_column)) continue;
    if (std::optional<SqlData> d = CopiedIndex(*index, c, date, c.new_column, "copy")) {
      copied.Add(*d);
      if (c.key && index->name == c.key->index.name) key_copied = true;
      else adopted.Add(*d);
    } else {
      out.by_hand.push_back(say("index " + index->name.Display() + " reads " + old_column +
                                    " in a way this plan does not write again (an expression, its predicate, INCLUDE, or storage "
                                    "options): build it on " + v.column + " with CREATE INDEX CONCURRENTLY before 08_contract.sql, "
                                    "which drops it with the old column",
                                "インデックス " + index->name.Display() + " は " + old_column +
                                    " を、この計画が書き直せない形（式、述語、INCLUDE、ストレージオプション）で読む。08_contract.sql が"
                                    "旧列とともに削除する前に、CREATE INDEX CONCURRENTLY で " + v.column + " 上に作ること"));
    }
  }
  for (const CheckConstraint* check : s.catalog->ChecksOn(s.table->name))
    if (Has(check->reads, c.old_column))
      out.by_hand.push_back(say("CHECK " + QuoteIdentifier(check->name) + " (" + check->expression_sql + ") reads " + old_column +
                                    ": add it for " + v.column + " (NOT VALID, then VALIDATE CONSTRAINT) before 08_contract.sql, "
                                    "which drops it with the old column",
                                "CHECK " + QuoteIdentifier(check->name) + " (" + check->expression_sql + ") は " + old_column +
                                    " を読む。08_contract.sql が旧列とともに削除する前に、" + v.column +
                                    " 用に追加すること（NOT VALID の後 VALIDATE CONSTRAINT）"));
  SqlList foreign_keys;
  for (const ForeignKey* fk : s.catalog->ForeignKeysFrom(s.table->name))
    if (Has(fk->columns, c.old_column)) foreign_keys.Add(CopiedForeignKey(*fk, c, date));
  for (const auto& [name, view] : s.catalog->views) {
    auto it = view.reads.find(s.table->name);
    if (it == view.reads.end() || !(view.reads_all_columns || Has(it->second, c.old_column))) continue;
    if (c.keeps_name && !view.materialized)
      out.switch_views.push_back({name.Display(), view.sql + ";"});
    else if (c.keeps_name)
      out.by_hand.push_back(say("materialized view " + name.Display() + " reads " + old_column +
                                    ": it is bound to the column, not its name, and its rows would be lost with it, so drop it before "
                                    "07_switch.sql and create it again after (07 refuses while it reads the column)",
                                "マテリアライズドビュー " + name.Display() + " は " + old_column +
                                    " を読む。名前ではなく列に結び付いており、作り直すと行が失われるため、07_switch.sql の前に削除し、"
                                    "後で作り直すこと（読んでいる間、07 は実行を拒否する）"));
    else
      out.by_hand.push_back(say((view.materialized ? "materialized view " : "view ") + name.Display() + " reads " + old_column +
                                    ": recreate it on " + v.column + " once the application switched; 08_contract.sql refuses "
                                    "while it depends on the old column",
                                (view.materialized ? "マテリアライズドビュー " : "ビュー ") + name.Display() + " は " + old_column +
                                    " を読む。アプリケーションの切り替え後に " + v.column +
                                    " で作り直すこと。旧列に依存している間、08_contract.sql は実行を拒否する"));
  }
  for (const Trigger* t : s.catalog->TriggersOn(s.table->name))
    if (t->timing == Trigger::Timing::kBefore && t->for_each_row && (t->on_insert || t->on_update) && t->name > v.objects.sync)
      out.by_hand.push_back(say("BEFORE trigger " + QuoteIdentifier(t->name) + " fires after the sync trigger (names sort so): what it "
                                    "writes to " + old_column + " is not copied; rename it, or write both columns there",
                                "BEFORE トリガー " + QuoteIdentifier(t->name) + " は同期トリガーより後に発火する（名前順）。それが " +
                                    old_column + " に書く値は写されない。名前を変えるか、そこで両方の列に書くこと"));
  if (c.old_default_sql && c.kind == BackfillKind::kRetype && !c.keeps_name)
    out.by_hand.push_back(say(old_column + " has DEFAULT " + *c.old_default_sql + ": give " + v.column +
                                  " its own default for the new type once the application writes it",
                              old_column + " には DEFAULT " + *c.old_default_sql + " がある。アプリケーションが書き込むようになったら、" +
                                  v.column + " に新しい型に合う既定値を設定すること"));

  SqlList referencing, referencing_tables;
  std::vector<QualifiedName> children;
  if (c.key)
    for (const ForeignKey& fk : c.key->referencing) {
      referencing.Add(ReferencingForeignKey(fk, c.key->index, c, date));
      if (fk.table != s.table->name && std::find(children.begin(), children.end(), fk.table) == children.end()) children.push_back(fk.table);
      const Table* child = s.catalog->FindTable(fk.table);
      for (const std::string& column : fk.columns) {
        const Column* def = child ? child->FindColumn(column) : nullptr;
        if (!def || def->type.sql == v.column_type || SequenceType(def->type).empty() || SequenceType(c.new_type).empty()) continue;
        std::string target = fk.table.Display() + "." + QuoteIdentifier(column);
        out.by_hand.push_back(say("column " + target + " (" + def->type.sql + ") of foreign key " + QuoteIdentifier(fk.name) +
                                      " holds the key's values and overflows with them: widen it with a plan of its own, "
                                      "{\"target\": \"" + target + "\", \"kind\": \"retype\", \"type\": \"" + v.column_type + "\"}",
                                  "外部キー " + QuoteIdentifier(fk.name) + " の列 " + target + " (" + def->type.sql +
                                      ") はキーの値を持ち、同じところで桁あふれする。別の計画で広げること: "
                                      "{\"target\": \"" + target + "\", \"kind\": \"retype\", \"type\": \"" + v.column_type + "\"}"));
      }
    }
  std::sort(children.begin(), children.end());
  for (const QualifiedName& child : children) {
    SqlData d;
    d.Set("child", child.Display());
    referencing_tables.Add(d);
  }

  auto data = [&](const std::string& file, const std::string& what) {
    SqlData d = FileTemplateData(v, r, file, what);
    d.Set("old_column", old_column);
    d.Set("old_column_comment", CommentText(v.ref + "." + old_column));
    d.Set("old_column_literal", QuoteLiteral(c.old_column));
    d.Set("column_comment", CommentText(v.ref + "." + v.column));
    d.Set("sync_function", v.objects.Qualified(v.objects.sync));
    d.Set("sync_trigger", QuoteIdentifier(v.objects.sync));
    // Before a switch nothing but the old column is written by the application: a copy that keeps
    // the name has no writes to copy back until the switch.
    d.Set("has_reverse", c.reverse_sql.has_value() && !c.keeps_name);
    d.Set("keeps_name", c.keeps_name);
    d.Set("swapped_column", QuoteIdentifier(c.swapped_column));
    d.Set("swapped_column_literal", QuoteLiteral(c.swapped_column));
    d.Set("old_type_literal", QuoteLiteral(c.old_type.sql));
    d.Set("swapped_column_comment", CommentText(v.ref + "." + QuoteIdentifier(c.swapped_column)));
    d.Set("referencing", referencing);
    d.Set("referencing_tables", referencing_tables);
    d.Set("has_key", key_copied);
    d.Set("progress_literal", QuoteLiteral(v.progress));
    d.Set("copied_indexes", copied);
    d.Set("copied_foreign_keys", foreign_keys);
    d.Set("max_retries", std::to_string(r.max_retries));
    return d;
  };

  SqlData sync = data("", "");
  std::string forward = FromNew(c.forward_sql, *s.table, v);
  sync.Set("forward_new", forward);
  sync.Set("reverse_new", c.reverse_sql ? FromNew(*c.reverse_sql, *s.table, v) : "");
  // The copy is computed again when the old column changes, or any other column `using` reads.
  std::vector<std::string> read = {c.old_column};
  for (const ColumnReference& ref : s.set.columns)
    if (!Has(read, ref.column) && ref.column != c.new_column) read.push_back(ref.column);
  std::string old_changed;
  for (const std::string& column : read) {
    const Column* def = s.table->FindColumn(column);
    std::string quoted = QuoteIdentifier(column);
    old_changed += (old_changed.empty() ? "" : " OR ") +
                   DistinctAs("NEW." + quoted, "OLD." + quoted, def ? ComparisonType(def->type) : old_compare);
  }
  sync.Set("old_changed", read.size() > 1 ? "(" + old_changed + ")" : old_changed);
  sync.Set("new_unchanged", v.Distinct("NEW." + v.column, "OLD." + v.column, false));
  sync.Set("new_changed", v.Distinct("NEW." + v.column, "OLD." + v.column));
  sync.Set("new_differs_from_forward", v.Distinct("NEW." + v.column, forward));
  sync.SetQuoteTag("tag", "body");
  std::string sync_function = RenderSqlValue("sync_function", sync);

  SqlData expand = data("00_expand.sql", "adds the new column and the trigger that keeps both in step.");
  expand.Set("sync_function_text", sync_function);
  expand.Set("column_type_ignore", "");
  out.files.push_back({"00_expand.sql",
                       say("adds " + v.column + " and the trigger that keeps it and " + old_column + " in step",
                           v.column + " と、それと " + old_column + " を同期させるトリガーを追加する"),
                       PsqlRun("00_expand.sql"), RenderSqlTemplate("expand", expand)});
  bool copies = !copied.empty() || !foreign_keys.empty();
  if (copies) {
    out.files.push_back({"06_copy_indexes.sql",
                         say("builds the old column's indexes and foreign keys again on " + v.column + ", without blocking writes",
                             "旧列のインデックスと外部キーを、書き込みを止めずに " + v.column + " 上に作り直す"),
                         PsqlRun("06_copy_indexes.sql"),
                         RenderSqlTemplate("copy_indexes", data("06_copy_indexes.sql", "the old column's indexes, on the new column."))});
    SqlData undo_copies = data("86_undo_copy_indexes.sql", "undoes 06_copy_indexes.sql.");
    undo_copies.SetQuoteTag("tag", "refuse");
    out.files.push_back({"86_undo_copy_indexes.sql", say("drops the indexes 06 built", "06 が作ったインデックスを削除する"),
                         PsqlRun("86_undo_copy_indexes.sql"), RenderSqlTemplate("undo_copy_indexes", undo_copies)});
  }
  if (c.keeps_name) {
    SwitchFiles(s, v, data, date, sync_function, say, out);
  }
  SqlData contract = data("08_contract.sql", "drops the old column once the new one is complete.");
  contract.Set("completion_gate_text", CompletionGate(v, r));
  contract.Set("new_not_null", c.old_not_null);
  contract.Set("has_new_default", c.old_default_sql.has_value() && c.kind == BackfillKind::kRename);
  contract.Set("new_default", c.old_default_sql && c.kind == BackfillKind::kRename ? EmbeddableExpression(*c.old_default_sql) : "");
  if (c.keeps_name) {
    // After the switch the copy has the column's name and the original is the swapped one.
    contract.Set("column_literal", QuoteLiteral(c.old_column));
    contract.Set("old_column", QuoteIdentifier(c.swapped_column));
    contract.Set("old_column_literal", QuoteLiteral(c.swapped_column));
    contract.Set("old_column_comment", CommentText(v.ref + "." + QuoteIdentifier(c.swapped_column)));
    contract.Set("column_comment", CommentText(v.ref + "." + old_column));
  }
  contract.Set("copied_indexes", adopted);
  contract.Set("p", "");
  contract.Set("retried", "08_contract.sql");
  contract.SetQuoteTag("gate_tag", "checks");
  contract.SetQuoteTag("tag", "contract");
  std::string dropped = c.keeps_name ? QuoteIdentifier(c.swapped_column) : old_column;
  std::string complete = c.keeps_name ? old_column : v.column;
  out.files.push_back({"08_contract.sql",
                       say("drops the trigger and " + dropped + " once " + complete + " is complete (no script undoes it)",
                           complete + " が揃った後でトリガーと " + dropped + " を削除する（元に戻すスクリプトはない）"),
                       PsqlRun("08_contract.sql"), RenderSqlTemplate("contract", contract)});
  SqlData undo = data("80_undo_expand.sql", "undoes 00_expand.sql.");
  undo.SetQuoteTag("tag", "refuse");
  out.files.push_back({"80_undo_expand.sql",
                       say("drops the trigger and " + v.column + " (" + old_column + " was never changed)",
                           "トリガーと " + v.column + " を削除する（" + old_column + " は変更されていない）"),
                       PsqlRun("80_undo_expand.sql"), RenderSqlTemplate("undo_expand", undo)});
  out.phases = Phases(c, v, copies, say);
  return out;
}

}  // namespace backfill
