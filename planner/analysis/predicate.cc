// Predicate support: does an index find the rows `where` selects? The batches walk the batch key
// in order and filter; rows the predicate rejects are read and skipped.
#include <algorithm>
#include <cctype>

#include "planner/analysis/advisors.h"
#include "planner/analysis/index_facts.h"
#include "planner/analysis/index_predicate.h"
#include "planner/sql/quote.h"

namespace backfill {
namespace {

// Compares predicates loosely: case, spaces and parentheses do not matter.
std::string Normalized(const std::string& sql) {
  std::string out;
  for (char c : sql)
    if (!std::isspace(static_cast<unsigned char>(c)) && c != '(' && c != ')' && c != '"')
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string Truncated(std::string name, size_t bytes) {
  if (name.size() <= bytes) return name;
  name.resize(bytes);
  while (!name.empty() && (static_cast<unsigned char>(name.back()) & 0xC0) == 0x80) name.pop_back();
  if (!name.empty() && (static_cast<unsigned char>(name.back()) & 0x80)) name.pop_back();
  return name;
}

}  // namespace

bool ServesWhere(const BackfillSubject& s, const Index& index) {
  if (index.predicate_sql && Normalized(*index.predicate_sql) == Normalized(s.where.sql)) return true;
  if (index.predicate_sql || index.method != "btree" || index.columns.empty() || index.columns[0].empty()) return false;
  return std::any_of(s.where.columns.begin(), s.where.columns.end(),
                     [&](const ColumnReference& c) { return c.column == index.columns[0]; });
}

std::string PendingIndexName(const BackfillSubject& s) {
  return Truncated(s.table->name.name + "_" + s.column->name, 63 - 16) + "_backfill_todo";
}

std::optional<PendingIndexSql> PendingIndex(const BackfillSubject& s) {
  PendingIndexSql out;
  std::string items;
  if (!IndexPredicateObstacle(*s.catalog, *s.table, s.where, Wording(Language::kEnglish))) {
    std::string keys;
    for (const KeyColumn& k : s.key.columns) keys += (keys.empty() ? "" : ", ") + QuoteIdentifier(k.name);
    items = "(" + keys + ") WHERE " + s.where.sql;
  } else if (const Column* column = IndexableWhereColumn(*s.catalog, *s.table, s.where)) {
    items = "(" + QuoteIdentifier(column->name) + ")";
    out.partial = false;
  } else {
    return std::nullopt;
  }
  std::string table = s.table->name.Display();
  if (s.table->partition_strategy.empty()) {
    std::string name = QuoteIdentifier(PendingIndexName(s));
    out.create = "CREATE INDEX CONCURRENTLY IF NOT EXISTS " + name + " ON " + table + " " + items + ";";
    out.drop = "DROP INDEX CONCURRENTLY IF EXISTS " + QuoteIdentifier(s.table->name.schema) + "." + name + ";";
    return out;
  }
  // The definition goes in as one literal, concatenated: format() would read a % in `where`.
  std::string leaves = " FROM pg_partition_tree(" + QuoteLiteral(table) + "::regclass) AS t JOIN pg_class AS p ON p.oid = t.relid";
  std::string leaf_index = "left(p.relname, 49) || '_backfill_todo'";
  out.create = "SELECT format('CREATE INDEX CONCURRENTLY IF NOT EXISTS %I ON %s ', " + leaf_index + ", p.oid::regclass) || " +
               QuoteLiteral(items) + leaves + " WHERE t.isleaf \\gexec";
  out.drop = "SELECT format('DROP INDEX CONCURRENTLY IF EXISTS %s', i.oid::regclass)" + leaves +
             " JOIN pg_index AS x ON x.indrelid = t.relid JOIN pg_class AS i ON i.oid = x.indexrelid WHERE t.isleaf AND i.relname = " +
             leaf_index + " \\gexec";
  return out;
}

namespace {

// No index serves `where`: the index to build when the selected rows are sparse, or why none can.
void AdviseUnindexed(const BackfillSubject& s, const Wording& say, std::vector<Finding>& findings) {
  std::optional<std::string> obstacle = IndexPredicateObstacle(*s.catalog, *s.table, s.where, say);
  std::optional<PendingIndexSql> index = PendingIndex(s);
  bool partitioned = !s.table->partition_strategy.empty();
  std::string build =
      index ? say(". Then build " + std::string(index->partial ? "a partial index" : "an index on the column `where` reads") +
                      " before step 1, outside a transaction (SHARE UPDATE EXCLUSIVE: reads and writes go on)" +
                      (partitioned ? ", one on each partition (a partitioned table takes no CONCURRENTLY index), with psql" : "") +
                      ", the first statement below, and drop it when 04_verify.sql passes, the second",
                  "。その場合は、ステップ 1 の前にトランザクションの外で" +
                      std::string(index->partial ? "部分インデックス" : "`where` が読む列のインデックス") +
                      "を作成し（SHARE UPDATE EXCLUSIVE のため読み書きは止まらない）" +
                      (partitioned ? "。パーティションテーブルには CONCURRENTLY のインデックスを作れないため、psql で各"
                                     "パーティションに 1 つずつ作る" : "") +
                      "、04_verify.sql が通ったら削除する。下の 1 つ目の文で作成し、2 つ目の文で削除する")
            : std::string();
  std::string why = obstacle ? say(". No partial index can hold these rows: `where` cannot be an index predicate because " +
                                       *obstacle + " (CREATE INDEX rejects it); a `where` written with constants (a fixed "
                                       "date instead of now() - interval ...) can be",
                                   "。これらの行を部分インデックスで保持することはできない。`where` は次の理由でインデックスの"
                                   "述語にならない（CREATE INDEX が拒否する）: " + *obstacle + "。定数で書いた `where`"
                                   "（now() - interval ... の代わりに固定の日付など）なら述語にできる")
                             : std::string();
  std::string none = index ? std::string()
                           : say(". Nor does it read a column a plain index could hold, so no index can serve it",
                                 "。また、通常のインデックスで保持できる列も読まないため、使えるインデックスはない");
  Finding f{"predicate.unindexed", Severity::kInfo,
            say("No index serves `where` (" + s.where.sql + "): each batch reads along the batch key and skips "
                "the rows it does not select",
                "`where` (" + s.where.sql + ") に使えるインデックスがない。各バッチはバッチキーに沿って読み進め、"
                "選ばれない行は読み飛ばす"),
            {s.table->name.Display()},
            say("cheap while the selected rows are dense; when they are sparse (a few % of a big table) each "
                "batch and each run's count read far more rows than they change",
                "選ばれる行が密なうちは安価である。疎な場合（大きなテーブルの数 % など）は、各バッチと各実行の"
                "件数確認が変更する行よりはるかに多くの行を読む") +
                why + none + build,
            PlanSection::kStrategy};
  if (index) f.proposed_sql = {index->create, index->drop};
  findings.push_back(std::move(f));
}

}  // namespace

void AdvisePredicate(const BackfillSubject& s, const Wording& say, std::vector<Finding>& findings) {
  std::string table = s.table->name.Display();
  if (s.where_defaulted && s.requirement.kind == BackfillKind::kFix) {
    findings.push_back({"predicate.full_walk", Severity::kInfo,
                        say("The rows to change are those whose value differs from the new one: no index can find them",
                            "変更対象は値が新しい値と異なる行である。インデックスではこれらの行を見つけられない"),
                        {table},
                        say("the batches walk the whole table along the batch key and skip rows already right, so the run "
                            "costs in proportion to the table's size, not to the rows changed; give a narrower `where` if "
                            "one describes the wrong values",
                            "バッチはバッチキーに沿ってテーブル全体をたどり、すでに正しい行は読み飛ばす。そのため実行"
                            "コストは変更する行数ではなくテーブルのサイズに比例する。誤った値を表す条件があれば、より"
                            "狭い `where` を指定する"),
                        PlanSection::kStrategy});
    return;
  }
  std::string where = Normalized(s.where.sql);
  std::vector<std::string> reads;
  for (const ColumnReference& c : s.where.columns) reads.push_back(c.column);
  const Index* exact = nullptr;
  const Index* leading = nullptr;
  for (const Index* i : s.catalog->IndexesOn(s.table->name)) {
    if (i->predicate_sql && Normalized(*i->predicate_sql) == where && !exact) exact = i;
    bool leads = !i->columns.empty() && !i->columns[0].empty() && Has(reads, i->columns[0]);
    if (leads && !i->predicate_sql && i->method == "btree" && !leading) leading = i;
  }
  if (exact) {
    findings.push_back({"predicate.indexed", Severity::kInfo,
                        say("Partial index " + exact->name.Display() + " holds exactly the rows `where` selects",
                            "部分インデックス " + exact->name.Display() + " は `where` が選ぶ行だけを過不足なく含む"),
                        {exact->name.Display()},
                        say("the count in 03_backfill.sql and the batches can read it instead of the whole table; it "
                            "shrinks as rows are changed",
                            "03_backfill.sql の件数確認とバッチは、テーブル全体の代わりにこのインデックスを読める。"
                            "行が変更されるにつれてインデックスは小さくなる"),
                        PlanSection::kStrategy});
    return;
  }
  if (leading) {
    findings.push_back({"predicate.indexed", Severity::kInfo,
                        say("Index " + leading->name.Display() + " leads with " + QuoteIdentifier(leading->columns[0]) +
                                ", which `where` reads",
                            "インデックス " + leading->name.Display() + " の先頭列は `where` が読む " +
                                QuoteIdentifier(leading->columns[0]) + " である"),
                        {leading->name.Display()},
                        say("PostgreSQL may use it to find the rows to change; the batches still go in key order, so check "
                            "with EXPLAIN on the step 2 batch",
                            "PostgreSQL は変更する行を探すのにこのインデックスを使う可能性がある。ただしバッチはキー順に"
                            "進むため、ステップ 2 のバッチで EXPLAIN を実行して確認する"),
                        PlanSection::kStrategy});
    return;
  }
  AdviseUnindexed(s, say, findings);
}

}  // namespace backfill
