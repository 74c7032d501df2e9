// Row-level security: a role subject to the table's policies sees and changes only the rows
// they let it, so the counts, the backfill and the verification would silently cover a subset.
// The bundle's scripts refuse to run while row_security_active() is true; this says so, names
// who may run them, and what the policies check on the rows the backfill writes.
#include <algorithm>

#include "planner/analysis/advisors.h"
#include "planner/sql/quote.h"

namespace backfill {
namespace {

// SQL text as Markdown code, whatever backticks it holds.
std::string Code(const std::string& sql) {
  return sql.find('`') == std::string::npos ? "`" + sql + "`" : "`` " + sql + " ``";
}

std::string Join(const std::vector<std::string>& items, const std::string& separator) {
  std::string out;
  for (const std::string& i : items) out += (out.empty() ? "" : separator) + i;
  return out;
}

// A policy as CREATE POLICY writes it, after its name: the same text in every language.
std::string Describe(const Policy& p) {
  std::string sql = std::string("AS ") + (p.permissive ? "PERMISSIVE" : "RESTRICTIVE") + " FOR " + p.command + " TO " +
                    (p.roles.empty() ? std::string("PUBLIC") : Join(p.roles, ", "));
  if (p.using_sql) sql += " USING (" + *p.using_sql + ")";
  if (p.with_check_sql) sql += " WITH CHECK (" + *p.with_check_sql + ")";
  return Code(QuoteIdentifier(p.name)) + " (" + Code(sql) + ")";
}

// As findings' objects name a policy: DROP POLICY's own words.
std::string ObjectName(const Policy& p) { return QuoteIdentifier(p.name) + " on " + p.table.Display(); }

std::vector<std::string> Objects(const QualifiedName& table, const std::vector<const Policy*>& policies) {
  std::vector<std::string> objects{table.Display()};
  for (const Policy* p : policies) objects.push_back(ObjectName(*p));
  return objects;
}

bool Reads(const std::vector<std::string>& columns, const std::string& column) {
  return std::find(columns.begin(), columns.end(), column) != columns.end();
}

void AdviseEnabled(const BackfillSubject& s, const std::vector<const Policy*>& policies, const Wording& say,
                   std::vector<Finding>& findings) {
  const Table& t = *s.table;
  std::string table = t.name.Display();
  std::vector<std::string> described;
  for (const Policy* p : policies) described.push_back(Describe(*p));
  std::string forced = t.force_row_security ? say(" and forced (FORCE ROW LEVEL SECURITY: the owner is subject to it too)",
                                                  "（FORCE ROW LEVEL SECURITY のため所有者にも適用される）")
                                            : "";
  std::string title =
      policies.empty()
          ? say("Row-level security is enabled on " + table + forced +
                    ", and the schema file defines no policy for it: a role subject to it sees and changes no row at all "
                    "(default deny), so the counts, the backfill and 04_verify.sql would silently find nothing to do",
                "テーブル " + table + " で行レベルセキュリティが有効になっている" + forced +
                    "が、スキーマファイルにはポリシーが 1 つも定義されていない。適用されるロールからは 1 行も参照・変更"
                    "できない（既定で拒否）ため、件数、バックフィル、04_verify.sql は気付かないうちに何も対象にしないことになる")
          : say("Row-level security is enabled on " + table + forced + ", with policies " + Join(described, "; ") +
                    ". A role subject to them sees and changes only the rows they let it (none, for a command no "
                    "permissive policy allows): the counts, the backfill and 04_verify.sql would silently cover a "
                    "subset of the rows",
                "テーブル " + table + " で行レベルセキュリティが有効になっている" + forced + "。ポリシー: " +
                    Join(described, "、") +
                    "。ポリシーが適用されるロールは、ポリシーが許す行だけを参照・変更する（PERMISSIVE ポリシーが許可しない"
                    "コマンドでは 1 行も対象にならない）。件数、バックフィル、04_verify.sql は気付かないうちに一部の行だけを"
                    "対象にすることになる");
  if (t.kind == TableKind::kPartitioned)
    title += say(". The policies of " + table + " apply to every partition's rows through it; the partitions' own "
                     "policies do not (they apply only where a partition is named directly)",
                 "。" + table + " のポリシーは、親テーブルを通してすべてのパーティションの行に適用される。パーティション自身の"
                     "ポリシーは適用されない（パーティションを直接指定したときだけ適用される）");
  std::string owner = t.owner ? say("the table owner (" + *t.owner + ")", "テーブル所有者 (" + *t.owner + ")")
                              : say("the table owner", "テーブル所有者");
  std::string check = Code("row_security_active(" + QuoteLiteral(table) + ")");
  std::string advice =
      t.force_row_security
          ? say("the bundle's scripts refuse to run while " + check + " is true for the role running them: run them as a "
                    "superuser or a role with BYPASSRLS, not as " + owner +
                    ", which FORCE ROW LEVEL SECURITY subjects to the policies too",
                "バンドルのスクリプトは、実行するロールで " + check + " が true の間は実行を拒否する。スーパーユーザーか "
                    "BYPASSRLS 属性を持つロールとして実行する。FORCE ROW LEVEL SECURITY のため " + owner +
                    " にもポリシーが適用されるので、所有者としては実行できない")
          : say("the bundle's scripts refuse to run while " + check + " is true for the role running them: run them as " +
                    owner + ", a superuser or a role with BYPASSRLS",
                "バンドルのスクリプトは、実行するロールで " + check + " が true の間は実行を拒否する。" + owner +
                    "、スーパーユーザー、または BYPASSRLS 属性を持つロールとして実行する");
  findings.push_back({"row_security.enabled", Severity::kWarn, title, Objects(t.name, policies), advice, PlanSection::kOverview});
}

// Policies whose USING or WITH CHECK reads the target column: the backfill moves rows between
// what each role sees and may write.
void AdviseReadsTarget(const BackfillSubject& s, const std::vector<const Policy*>& policies, const Wording& say,
                       std::vector<Finding>& findings) {
  const std::string& column = s.column->name;
  std::vector<const Policy*> readers;
  std::vector<std::string> names;
  bool checks = false;
  for (const Policy* p : policies) {
    bool in_using = Reads(p->using_reads, column);
    // A policy without WITH CHECK checks written rows with its USING (INSERT, UPDATE, ALL).
    bool in_check = p->with_check_sql ? Reads(p->with_check_reads, column) : in_using && p->command != "SELECT" && p->command != "DELETE";
    if (!in_using && !in_check) continue;
    readers.push_back(p);
    names.push_back(Code(QuoteIdentifier(p->name)));
    checks = checks || in_check;
  }
  if (readers.empty()) return;
  std::string col = Code(QuoteIdentifier(column));
  findings.push_back(
      {"row_security.reads_target", Severity::kWarn,
       say("Policies " + Join(names, ", ") + " read the target column " + col +
               ": the backfill changes which rows a role subject to them sees (USING) and may write (WITH CHECK)",
           "ポリシー " + Join(names, "、") + " が対象列 " + col +
               " を参照している。バックフィルによって、ポリシーが適用されるロールから見える行 (USING) と書き込める行 "
               "(WITH CHECK) が変わる"),
       Objects(s.table->name, readers),
       say("after step 1, check as the application's role (SET ROLE, and the settings the policies read) that the changed "
           "rows are visible to the roles they belong to" +
               std::string(checks ? "; a value a WITH CHECK rejects also makes the application's later UPDATE of the row fail "
                                    "with " + Code("new row violates row-level security policy")
                                  : ""),
           "ステップ 1 の後、アプリケーションのロールとして（SET ROLE と、ポリシーが参照する設定を行って）、変更した行が"
           "本来見えるべきロールに見えることを確認する" +
               std::string(checks ? "。WITH CHECK が拒否する値を書き込むと、その行に対するアプリケーションの以後の UPDATE も " +
                                        Code("new row violates row-level security policy") + " で失敗する"
                                  : "")),
       PlanSection::kOverview});
}

// The checks an UPDATE's new row must pass, for a role subject to the UPDATE and ALL policies.
void AdviseUpdateChecks(const BackfillSubject& s, const std::vector<const Policy*>& policies, const Wording& say,
                        std::vector<Finding>& findings) {
  std::vector<const Policy*> checking;
  std::vector<std::string> checks;
  for (const Policy* p : policies) {
    if (p->command != "UPDATE" && p->command != "ALL") continue;
    const std::optional<std::string>& check = p->with_check_sql ? p->with_check_sql : p->using_sql;
    if (!check) continue;
    checking.push_back(p);
    checks.push_back(Code(QuoteIdentifier(p->name)) + " " + (p->with_check_sql ? "WITH CHECK" : "USING") + " " + Code(*check));
  }
  if (checking.empty()) return;
  findings.push_back(
      {"row_security.update_check", Severity::kWarn,
       say("For a role subject to the UPDATE and ALL policies, every row the backfill's UPDATE writes must pass their WITH "
           "CHECK (their USING where they have none): " + Join(checks, "; "),
           "ポリシーが適用されるロールでは、バックフィルの UPDATE が書き込むすべての行が、UPDATE と ALL のポリシーの "
           "WITH CHECK（ない場合は USING）を満たす必要がある: " + Join(checks, "、")),
       Objects(s.table->name, checking),
       say("the bundle's scripts refuse to run as such a role, so these checks bind a run outside the bundle and the "
           "application's own later updates of the changed rows: check that the new value passes them",
           "バンドルのスクリプトはそのようなロールでは実行を拒否するため、これらの検査が効くのはバンドル外での実行と、"
           "変更した行に対するアプリケーション自身の以後の更新である。新しい値がこれらを満たすことを確認する"),
       PlanSection::kBackfillSql});
}

}  // namespace

void AdviseRowSecurity(const BackfillSubject& s, const Wording& say, std::vector<Finding>& findings) {
  const Table& t = *s.table;
  std::vector<const Policy*> policies = s.catalog->PoliciesOn(t.name);
  std::string table = t.name.Display();
  if (!t.row_security) {
    if (policies.empty()) return;
    std::vector<std::string> names;
    for (const Policy* p : policies) names.push_back(Code(QuoteIdentifier(p->name)));
    findings.push_back({"row_security.policies_inactive", Severity::kInfo,
                        say("The schema file defines policies " + Join(names, ", ") + " on " + table +
                                " but never enables row-level security on it: they do not apply",
                            "スキーマファイルは " + table + " にポリシー " + Join(names, "、") +
                                " を定義しているが、行レベルセキュリティを有効にしていない。これらのポリシーは適用されない"),
                        Objects(t.name, policies),
                        say("check pg_class.relrowsecurity on the server: if it is enabled there, the schema file is out of "
                            "date. The bundle's scripts refuse to run under active row security either way",
                            "サーバー上で pg_class.relrowsecurity を確認する。有効になっていればスキーマファイルが古い。"
                            "いずれにしても、バンドルのスクリプトは行レベルセキュリティが有効な状態では実行を拒否する"),
                        PlanSection::kDataAnalysis});
    return;
  }
  AdviseEnabled(s, policies, say, findings);
  AdviseReadsTarget(s, policies, say, findings);
  AdviseUpdateChecks(s, policies, say, findings);
}

}  // namespace backfill
