#include "planner/plan/preflight.h"

#include <algorithm>
#include <set>

#include "planner/analysis/index_facts.h"
#include "planner/analysis/key_choice.h"
#include "planner/sql/quote.h"

namespace backfill {
namespace {

// The rows to change, as 01_preflight.sql can see them: before 02_prepare.sql creates the backup.
std::string Pending(const SqlVocabulary& v) { return v.PendingBeforeRun(); }

std::string CountPending(const SqlVocabulary& v, const std::string& extra) {
  return "SELECT count(*) FROM " + v.table + "\n    WHERE " + Pending(v) + (extra.empty() ? "" : "\n    AND " + extra);
}

// Rows the predicate selects, whatever they hold now: a fill whose new value is NULL leaves its
// row NULL, which the count of rows to change (they already hold NULL) does not show.
std::string CountSelected(const SqlVocabulary& v, const std::string& extra) {
  return "SELECT count(*) FROM " + v.table + "\n    WHERE (" + v.where + ")\n    AND " + extra;
}

// A name for a derived table or alias that is neither the table's name nor one of its columns.
std::string FreeName(const BackfillSubject& s, const std::string& base) {
  std::set<std::string> taken = {s.table->name.name};
  for (const Column& c : s.table->columns) taken.insert(c.name);
  std::string name = base;
  for (int n = 2; taken.count(name); ++n) name = base + "_" + std::to_string(n);
  return name;
}

// Domains over domains: the checks of each level, and the type underneath them all.
struct DomainChain {
  std::vector<const Domain*> domains;  // outermost first
  TypeRef base;
};

DomainChain ResolveDomains(const Catalog& catalog, const TypeRef& type) {
  DomainChain chain;
  chain.base = type;
  while (chain.base.array_dims == 0 && chain.domains.size() < 16) {
    auto it = catalog.domains.find(chain.base.name);
    if (it == catalog.domains.end()) break;
    chain.domains.push_back(&it->second);
    chain.base = it->second.base;
  }
  return chain;
}

// The new value, cast to the type PostgreSQL checks it as. Domains are cast to their base
// type: a cast to the domain itself would raise the error the count is meant to report.
std::string NewValueAs(const SqlVocabulary& v, const TypeRef& base) { return "CAST((" + v.set + ") AS " + base.sql + ")"; }

std::string EnumLabels(const Catalog& catalog, const TypeRef& type) {
  auto en = catalog.enums.find(type.name);
  if (en == catalog.enums.end() || type.array_dims != 0) return {};
  std::string labels;
  for (const std::string& l : en->second.labels) labels += (labels.empty() ? "" : ", ") + QuoteLiteral(l);
  return "ARRAY[" + labels + "]::text[]";
}

// The new value for the counts that compare whole rows (CHECK, unique, foreign key): a value
// the type itself rejects (an unknown enum label, a numeric overflow) would make the cast raise
// an error and stop 01_preflight.sql before its report. Such values have their own count above;
// here they become NULL, which no CHECK, unique index or foreign key rejects.
std::string SafeNewValue(const Catalog& catalog, const SqlVocabulary& v, const TypeRef& base) {
  std::string labels = EnumLabels(catalog, base);
  if (!labels.empty())
    return "CASE WHEN (" + v.set + ")::text = ANY (" + labels + ") THEN " + NewValueAs(v, base) + " END";
  if (base.name.schema == "pg_catalog" && base.name.name == "numeric" && !base.modifiers.empty() && base.array_dims == 0) {
    int precision = std::stoi(base.modifiers[0]);
    int scale = base.modifiers.size() > 1 ? std::stoi(base.modifiers[1]) : 0;
    return "CASE WHEN abs(round((" + v.set + ")::numeric, " + std::to_string(scale) + ")) < 1e" +
           std::to_string(precision - scale) + " THEN " + NewValueAs(v, base) + " END";
  }
  return NewValueAs(v, base);
}

// Stored generated columns computed from the target change with it: recompute them over the
// updated rows (an outer query, so their expressions read the new value).
std::string WithGenerated(const BackfillSubject& s, const SqlVocabulary& v, const std::string& rows) {
  bool any = false;
  std::string columns;
  for (const Column& c : s.table->columns) {
    if (!columns.empty()) columns += ", ";
    if (c.generated_sql && Has(c.generated_reads, s.column->name)) {
      any = true;
      columns += "CAST((" + *c.generated_sql + ") AS " + c.type.sql + ") AS " + QuoteIdentifier(c.name);
    } else {
      columns += v.Qualified(QuoteIdentifier(c.name));
    }
  }
  return any ? "(SELECT " + columns + " FROM " + rows + ") AS " + v.ref : rows;
}

// The rows the backfill changes, as they would be after the update: every column as it is, the
// target replaced by the new value. Named like the table, so a CHECK expression reads it as is.
std::string RowsAfterUpdate(const BackfillSubject& s, const SqlVocabulary& v, const TypeRef& base) {
  std::string columns;
  for (const Column& c : s.table->columns) {
    if (!columns.empty()) columns += ", ";
    columns += c.name == s.column->name ? SafeNewValue(*s.catalog, v, base) + " AS " + v.column
                                        : v.Qualified(QuoteIdentifier(c.name));
  }
  return WithGenerated(s, v, "(SELECT " + columns + " FROM " + v.table + "\n    WHERE " + Pending(v) + ") AS " + v.ref);
}

// Every row of the table after the backfill: changed rows with their new value, the others as
// they are. For uniqueness, which compares new values with each other and with the rest.
std::string TableAfterUpdate(const BackfillSubject& s, const SqlVocabulary& v, const TypeRef& base) {
  std::string columns;
  for (const Column& c : s.table->columns) {
    if (!columns.empty()) columns += ", ";
    columns += c.name == s.column->name
                   ? "CASE WHEN " + Pending(v) + "\n      THEN " + SafeNewValue(*s.catalog, v, base) + " ELSE " +
                         v.Qualified(v.column) +
                         " END AS " + v.column
                   : v.Qualified(QuoteIdentifier(c.name));
  }
  return WithGenerated(s, v, "(SELECT " + columns + " FROM " + v.table + ") AS " + v.ref);
}

void AddTypeLimits(const TypeRef& type, const SqlVocabulary& v, const Catalog& catalog, const Wording& say,
                   std::vector<PreflightCheck>& checks) {
  bool character = type.name.schema == "pg_catalog" && (type.name.name == "varchar" || type.name.name == "bpchar");
  if (character && type.modifiers.size() == 1 && type.array_dims == 0)
    // Assignment to varchar(n)/char(n) fails for longer strings unless the excess is spaces.
    checks.push_back({"new value longer than " + type.sql,
                      CountPending(v, "char_length(rtrim((" + v.set + ")::text, ' ')) > " + type.modifiers[0]), true,
                      say("the column holds at most " + type.modifiers[0] + " characters",
                          "列に入るのは最大 " + type.modifiers[0] + " 文字")});
  if (type.name.schema == "pg_catalog" && type.name.name == "numeric" && !type.modifiers.empty() && type.array_dims == 0) {
    int precision = std::stoi(type.modifiers[0]);
    int scale = type.modifiers.size() > 1 ? std::stoi(type.modifiers[1]) : 0;
    checks.push_back({"new value overflows " + type.sql,
                      CountPending(v, "abs(round((" + v.set + ")::numeric, " + std::to_string(scale) + ")) >= 1e" +
                                          std::to_string(precision - scale)),
                      true, "numeric(" + std::to_string(precision) + "," + std::to_string(scale) + ")" +
                                say(" has " + std::to_string(precision - scale) + " digits before the point",
                                    " の整数部は " + std::to_string(precision - scale) + " 桁まで")});
  }
  std::string labels = EnumLabels(catalog, type);
  if (!labels.empty())
    checks.push_back({"new value is not a label of " + type.sql, CountPending(v, "(" + v.set + ")::text <> ALL (" + labels + ")"),
                      true, say("enum " + type.sql + " accepts only its labels", "列挙型 " + type.sql + " が受け付けるのは定義済みのラベルのみ")});
}

void AddDomainChecks(const BackfillSubject& s, const SqlVocabulary& v, const DomainChain& chain, const Wording& say,
                     std::vector<PreflightCheck>& checks) {
  const std::string value = FreeName(s, "backfill_domain");
  for (const Domain* domain : chain.domains) {
    if (domain->not_null && !s.column->not_null && !s.requirement.not_null_after)
      checks.push_back({"new value is NULL (domain " + domain->name.name + " is NOT NULL)",
                        CountSelected(v, "(" + v.set + ") IS NULL"), true,
                        say("domain " + domain->name.Display() + " is NOT NULL", "ドメイン " + domain->name.Display() + " は NOT NULL")});
    for (size_t i = 0; i < domain->checks_sql.size(); ++i) {
      if (domain->checks_sql[i].empty()) continue;
      // In a query, VALUE is an ordinary identifier: the derived table's one column is named
      // value, so the domain's CHECK text reads the new value as is.
      std::string label = "CHECK of domain " + domain->name.name +
                          (domain->checks_sql.size() > 1 ? " #" + std::to_string(i + 1) : "") + " rejects the new value";
      checks.push_back({label,
                        "SELECT count(*) FROM (SELECT " + NewValueAs(v, chain.base) + " AS value FROM " + v.table +
                            "\n    WHERE " + Pending(v) + ") AS " + value + "\n    WHERE (" + domain->checks_sql[i] +
                            ") IS FALSE",
                        true, say("the column's type is domain " + domain->name.Display() + ", with CHECK " + domain->checks_sql[i],
                                  "列の型はドメイン " + domain->name.Display() + " で、CHECK " + domain->checks_sql[i] + " を持つ")});
    }
  }
}

// Rows taking part in a duplicate of a unique index's key after the update. A key holding a NULL
// never conflicts, unless the index is NULLS NOT DISTINCT: then GROUP BY's NULL-equals-NULL is
// exactly the index's rule. A partial index compares only the rows its WHERE selects.
void AddUniqueChecks(const BackfillSubject& s, const SqlVocabulary& v, const TypeRef& base, const Wording& say,
                     std::vector<PreflightCheck>& checks) {
  size_t expression = 0;
  for (const Index* index : s.catalog->IndexesOn(s.table->name)) {
    std::vector<std::string> changed = ChangedColumns(*s.table, s.column->name);
    if (!index->unique || std::none_of(changed.begin(), changed.end(), [&](const std::string& c) { return KeyReads(*index, c); }))
      continue;
    std::vector<std::string> items;
    bool complete = true;
    expression = 0;
    for (const std::string& c : index->columns) {
      if (!c.empty()) {
        items.push_back(v.Qualified(QuoteIdentifier(c)));
      } else if (expression < index->expressions_sql.size() && !index->expressions_sql[expression].empty()) {
        items.push_back("(" + index->expressions_sql[expression++] + ")");
      } else {
        complete = false;
      }
    }
    if (!complete || items.empty()) continue;
    std::string group, compared;  // compared: the rows the index compares with each other
    for (const std::string& item : items) {
      group += (group.empty() ? "" : ", ") + item;
      if (!index->nulls_not_distinct) compared += (compared.empty() ? "" : " AND ") + item + " IS NOT NULL";
    }
    if (index->predicate_sql) compared += (compared.empty() ? "(" : " AND (") + *index->predicate_sql + ")";
    std::string duplicates = FreeName(s, "backfill_duplicates");
    checks.push_back({"unique " + index->name.name + ": would-be duplicates",
                      "SELECT coalesce(sum(" + duplicates + ".n), 0) FROM (SELECT count(*) AS n FROM " +
                          TableAfterUpdate(s, v, base) + (compared.empty() ? "" : "\n    WHERE " + compared) +
                          "\n    GROUP BY " + group +
                          " HAVING count(*) > 1) AS " + duplicates,
                      true,
                      say("unique index " + index->name.Display() + " covers the column: new values must differ from each "
                          "other and from the values they do not replace (reads the whole table)",
                          "一意インデックス " + index->name.Display() + " がこの列を含む。新しい値は互いに異なり、置き換えない既存の値とも"
                          "異なる必要がある（テーブル全体を読む）")});
  }
}

void AddForeignKeyChecks(const BackfillSubject& s, const SqlVocabulary& v, const TypeRef& base, const Wording& say,
                         std::vector<PreflightCheck>& checks) {
  const std::string& column = s.column->name;
  const std::string referenced_alias = v.ref == "referenced" ? "referenced_row" : "referenced";
  for (const ForeignKey* fk : s.catalog->ForeignKeysFrom(s.table->name)) {
    if (!Has(fk->columns, column)) continue;
    std::vector<std::string> referenced_columns = fk->referenced_columns;
    if (referenced_columns.empty())  // REFERENCES t without columns: its primary key
      for (const Index* i : s.catalog->IndexesOn(fk->referenced_table))
        if (i->primary) referenced_columns = i->columns;
    if (referenced_columns.size() != fk->columns.size()) continue;
    // MATCH SIMPLE: a row with a NULL in any referencing column is not checked.
    std::string present, match;
    for (size_t i = 0; i < fk->columns.size(); ++i) {
      std::string mine = v.ref + "." + QuoteIdentifier(fk->columns[i]);
      present += (present.empty() ? "" : " AND ") + mine + " IS NOT NULL";
      match += (match.empty() ? "" : " AND ") + referenced_alias + "." + QuoteIdentifier(referenced_columns[i]) + " = " + mine;
    }
    checks.push_back({"foreign key " + fk->name + ": new value has no referenced row",
                      "SELECT count(*) FROM " + RowsAfterUpdate(s, v, base) + "\n    WHERE " + present +
                          "\n    AND NOT EXISTS (SELECT 1 FROM " + fk->referenced_table.Display() + " AS " +
                          referenced_alias + " WHERE " + match + ")",
                      true, say("foreign key " + QuoteIdentifier(fk->name) + " references " + fk->referenced_table.Display(),
                                "外部キー " + QuoteIdentifier(fk->name) + " が " + fk->referenced_table.Display() + " を参照する")});
  }
}

}  // namespace

std::vector<PreflightCheck> PreflightChecks(const BackfillSubject& subject, const SqlVocabulary& v, const Wording& say) {
  std::vector<PreflightCheck> checks;
  const Requirement& r = subject.requirement;
  const Column& column = *subject.column;
  DomainChain chain = ResolveDomains(*subject.catalog, column.type);
  checks.push_back({"rows to change", CountPending(v, ""), false, say("how many rows the backfill will change", "バックフィルで変更する行数")});
  if (subject.key.Nullable()) {
    const std::string key = DescribeKey(subject.key, say);
    checks.push_back({"target rows with a NULL key", CountSelected(v, "(" + v.KeyMissing() + ")"), true,
                      say("the batches page by " + key + ": a row with a NULL key has no place in its order, and no "
                          "batch would reach it",
                          "バッチは " + key + " でページングする。キーが NULL の行はその順序のどこにも位置しないため、"
                          "どのバッチもその行に届かない"),
                      true});
  }
  if (column.not_null || r.not_null_after)
    checks.push_back({"new value is NULL (column must be NOT NULL)", CountSelected(v, "(" + v.set + ") IS NULL"), true,
                      say("the column is, or will be, NOT NULL", "列は NOT NULL である（またはこれから NOT NULL にする）")});
  else
    checks.push_back({"new value is NULL (the row stays or becomes NULL)", CountSelected(v, "(" + v.set + ") IS NULL"), false,
                      say("rows whose new value is NULL: 04_verify.sql reports them and passes",
                          "新しい値が NULL になる行: 04_verify.sql はその件数を示して成功する")});
  // Type limits first: a value the type rejects would make the later counts fail on the cast.
  AddTypeLimits(chain.base, v, *subject.catalog, say, checks);
  AddDomainChecks(subject, v, chain, say, checks);
  std::vector<std::string> changed = ChangedColumns(*subject.table, column.name);
  for (const CheckConstraint* check : subject.catalog->ChecksOn(subject.table->name)) {
    if (std::none_of(changed.begin(), changed.end(), [&](const std::string& c) { return Has(check->reads, c); })) continue;
    if (check->expression_sql.empty()) continue;  // no text that can be embedded safely (planner/sql/embed.h)
    // NOT VALID constraints are checked too: PostgreSQL enforces them on every updated row.
    checks.push_back({"CHECK " + check->name + " rejects the new value",
                      "SELECT count(*) FROM " + RowsAfterUpdate(subject, v, chain.base) + "\n    WHERE (" +
                          check->expression_sql + ") IS FALSE",
                      true, say("CHECK constraint " + QuoteIdentifier(check->name) + " reads the column",
                                "CHECK 制約 " + QuoteIdentifier(check->name) + " がこの列を読む")});
  }
  AddUniqueChecks(subject, v, chain.base, say, checks);
  AddForeignKeyChecks(subject, v, chain.base, say, checks);
  return checks;
}

}  // namespace backfill
