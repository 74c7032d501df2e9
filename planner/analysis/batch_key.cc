// The key the batches page by, when it admits NULL (a UNIQUE constraint on a nullable column, as
// Matrix Synapse's users (name) is): a row with a NULL key has no place in the key's order, so
// no batch can reach it. 01_preflight.sql refuses while a target row has one, the batches never
// take one, and 04_verify.sql fails while one still needs the change.
#include "planner/analysis/advisors.h"
#include "planner/analysis/key_choice.h"
#include "planner/analysis/key_proposal.h"
#include "planner/sql/quote.h"

namespace backfill {

void AdviseBatchKey(const BackfillSubject& s, const Wording& say, std::vector<Finding>& findings) {
  if (!s.key.Nullable()) return;
  std::vector<std::string> nullable;
  std::string columns;
  for (const KeyColumn& k : s.key.columns) {
    columns += (columns.empty() ? "" : ", ") + QuoteIdentifier(k.name);
    if (k.nullable) nullable.push_back(k.name);
  }
  std::string statements;
  for (const std::string& statement : ProposeNotNull(*s.catalog, *s.table, nullable).statements)
    statements += " `" + statement + "`";
  const std::string key = DescribeKey(s.key, say);
  findings.push_back(
      {"key.nullable", Severity::kWarn,
       say("The batches page by " + key + " (" + columns + "): a row with a NULL key cannot be paged",
           "バッチは " + key + "（" + columns + "）でページングする。キーが NULL の行はページングできない"),
       {s.key.index},
       say("a row comparison with NULL is never true, so no batch reaches such a row: 01_preflight.sql counts the target "
           "rows with a NULL key and stops if there is one, the batches leave such rows alone, and 04_verify.sql fails "
           "while one still needs the change (the application may write a NULL key during the run). Give those rows a "
           "key first (or delete them), then make the key NOT NULL so that it stays whole, one statement at a time with "
           "psql under a short lock_timeout (the CHECK is validated without blocking writes, and SET NOT NULL, which it spares a scan, holds "
           "ACCESS EXCLUSIVE only briefly):" + statements,
           "NULL との行比較は真にならないため、どのバッチもそのような行に届かない。01_preflight.sql はキーが NULL の"
           "対象行を数え、1 行でもあれば止まる。バッチはそのような行に触れず、04_verify.sql はそのうち変更の必要な行が"
           "残る間は失敗する（実行中にアプリケーションが NULL のキーを書くこともある）。まずそれらの行にキーを与える"
           "（または削除する）。その後、キーを NOT NULL にして欠けないようにする。短い lock_timeout の下で psql で 1 文ずつ"
           "実行する（CHECK の"
           "検証は書き込みを止めない。SET NOT NULL はその CHECK によって走査を省き、ACCESS EXCLUSIVE は短時間で済む）:" +
               statements),
       PlanSection::kOverview});
}

}  // namespace backfill
