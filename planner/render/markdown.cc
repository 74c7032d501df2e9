#include "planner/render/markdown.h"

#include <kainjow/mustache.hpp>

#include <algorithm>
#include <cstdio>

#include "planner/catalog/source_text.h"
#include "planner/diagnostic.h"
#include "planner/plan/estimate.h"
#include "planner/embedded_templates.h"
#include "planner/render/flowchart.h"
#include "planner/render/plan_json.h"
#include "planner/render/template_file.h"
#include "planner/sql/quote.h"

namespace backfill {
namespace {

using Json = nlohmann::json;
namespace mustache = kainjow::mustache;

// Fields holding SQL or shell text, printed inside code blocks; their safety is the SQL's own
// (planner/sql). Every other string is prose.
bool IsCode(const std::string& key) {
  return key == "sql" || key == "verify_sql" || key == "command" || key == "file" || key == "block" || key == "sql_block" ||
         key == "flowchart" || key == "attention_lines" || key == "list";  // made of prose already escaped
}

// Prose from the plan, names and the requirement's reason among it: a line break folds to a
// space, so a reason holding "\n```" or "\n# heading" cannot open a code block or a heading,
// and every other control character is escaped as in messages.
std::string Prose(const std::string& text) {
  std::string folded = text;
  for (char& c : folded)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  return PrintableText(folded);
}

// The longest run of backticks in `text`: a code fence or span must be longer to hold it.
size_t LongestBacktickRun(std::string_view text) {
  size_t run = 0, longest = 0;
  for (char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  return longest;
}

// A statement from the schema file, shown as it is written there: each line printable (other
// control characters escaped as in messages), in a fence longer than any run of backticks in it,
// so that the text cannot close the block.
Json SchemaSqlBlock(const std::string& sql) {
  std::string block, line;
  for (size_t i = 0; i <= sql.size(); ++i) {
    if (i == sql.size() || sql[i] == '\n') {
      block += (block.empty() ? "" : "\n") + PrintableText(line);
      line.clear();
      continue;
    }
    line += sql[i];
  }
  return {{"block", block}, {"fence", std::string(std::max<size_t>(3, LongestBacktickRun(sql) + 1), '`')}};
}

// A finding's proposed statements, as a SQL block inside its list item (indented two spaces),
// in a fence longer than any run of backticks in them (`where` is the user's text); empty when
// it proposes none.
std::string ProposedSqlBlock(const Json& statements) {
  if (statements.empty()) return "";
  std::string body;
  size_t longest = 0;
  for (const Json& statement : statements) {
    longest = std::max(longest, LongestBacktickRun(statement.get<std::string>()));
    body += "  " + PrintableText(statement.get<std::string>()) + "\n";
  }
  std::string fence(std::max<size_t>(3, longest + 1), '`');
  return "\n\n  " + fence + "sql\n" + body + "  " + fence;
}

// The first screen: the verdict, every warn and block finding in one line, how many info findings
// there are and how many of them this mode leaves out (simple mode prints no Data analysis
// section), and the scripts in the order they run.
Json Summary(const Plan& plan, const Json& findings, bool detailed, const Wording& say) {
  std::string attention;  // one line each, under the verdict
  int warn = 0, block = 0, info = 0, hidden = 0;
  for (const Json& f : findings) {
    std::string severity = f["severity"].get<std::string>();
    if (severity == "info") {
      ++info;
      if (!detailed && f["section"] == "data_analysis") ++hidden;
      continue;
    }
    (severity == "block" ? block : warn)++;
    attention += "\n  - **" + f["severity_label"].get<std::string>() + "** `" + f["id"].get<std::string>() + "`: " +
                 Prose(f["title"].get<std::string>());
  }
  std::string verdict = plan.blocked ? say("BLOCKED", "実行不可") : warn > 0 ? say("needs attention", "要確認") : say("ready", "実行可");
  std::string counts = say(std::to_string(block) + " block, " + std::to_string(warn) + " warn, " + std::to_string(info) + " info",
                           "block " + std::to_string(block) + " 件、warn " + std::to_string(warn) + " 件、info " +
                               std::to_string(info) + " 件");
  std::string run, undo;
  for (const BundleFile& f : plan.files) {
    if (f.name[0] == '8') continue;  // an expand-contract phase's undo: the Phases table has them
    // The file copy of the backup is optional, and its restore undoes nothing by itself.
    if (f.name.rfind("95", 0) == 0 || f.name.rfind("96", 0) == 0) continue;
    bool rollback = f.name[0] == '9' && f.name.rfind("99", 0) != 0;
    std::string& list = rollback ? undo : run;
    list += (list.empty() ? "`" : ", `") + f.name + "`";
  }
  Json out = {{"verdict", verdict}, {"counts", counts}, {"attention_lines", attention},
              {"run", run}, {"undo", undo}, {"hidden", hidden > 0}};
  out["hidden_note"] = say(std::to_string(hidden) + " info finding" + (hidden == 1 ? "" : "s") +
                               " of the Data analysis section, printed with `--detailed`",
                           "データ分析の info " + std::to_string(hidden) + " 件は `--detailed` で表示される");
  return out;
}

mustache::data ToData(const Json& j, bool code = false) {
  if (j.is_object()) {
    mustache::data d{mustache::data::type::object};
    for (auto it = j.begin(); it != j.end(); ++it) d.set(it.key(), ToData(it.value(), code || IsCode(it.key())));
    return d;
  }
  if (j.is_array()) {
    mustache::data d{mustache::data::type::list};
    for (const Json& item : j) d.push_back(ToData(item, code));
    return d;
  }
  if (j.is_boolean()) return j.get<bool>() ? mustache::data{mustache::data::type::bool_true} : mustache::data{mustache::data::type::bool_false};
  if (j.is_string()) return mustache::data{code ? j.get<std::string>() : Prose(j.get<std::string>())};
  if (j.is_null()) return mustache::data{mustache::data::type::bool_false};
  if (j.is_number_float()) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%g", j.get<double>());
    return mustache::data{std::string(buffer)};
  }
  return mustache::data{j.dump()};
}



void EscapeCells(Json& rows, const std::vector<std::string>& fields) {
  for (Json& row : rows)
    for (const std::string& f : fields) row[f] = MarkdownCell(row[f].get<std::string>());
}

// A fenced SQL block; a long one (a procedure body, a whole script) folds into <details> so a
// reviewer scrolls past it on GitHub or GitLab while every statement is still there to read.
std::string SqlBlock(const std::string& name, const std::string& sql, bool fold_long) {
  constexpr int kFoldLines = 30;
  std::string fence = "```sql\n" + sql + "\n```";
  int lines = static_cast<int>(std::count(sql.begin(), sql.end(), '\n')) + 1;
  if (!fold_long || lines <= kFoldLines) return fence;
  return "<details>\n<summary><code>" + name + "</code> (" + std::to_string(lines) + " lines)</summary>\n\n" + fence +
         "\n\n</details>";
}

// The requirement's values (fill, online...) stay visible, as the requirement file and the JSON
// plan spell them, with a gloss in Japanese.
std::string Glossed(const std::string& value, const Wording& say) {
  static const std::pair<const char*, const char*> kGlosses[] = {
      {"fill", "空の値を埋める"},     {"fix", "既存の値を直す"},
      {"rename", "列名の変更"},       {"retype", "型の変更"},
      {"online", "オンライン"},       {"maintenance_window", "メンテナンスウィンドウ"},
      {"background_job", "バックグラウンドジョブ"}};
  for (const auto& [english, japanese] : kGlosses)
    if (value == english) return say(value, value + "（" + japanese + "）");
  return value;
}

// `text` as an inline code span: a fence longer than any run of backticks in it, padded when it
// starts or ends with one, every control character escaped (a file name can hold any byte).
std::string CodeSpan(const std::string& text) {
  std::string printable = PrintableText(text);
  std::string fence(LongestBacktickRun(printable) + 1, '`');
  bool pad = printable.empty() || printable.front() == '`' || printable.back() == '`';
  return fence + (pad ? " " : "") + printable + (pad ? " " : "") + fence;
}

std::string KindLabel(const std::string& kind, const Wording& say) {
  static const std::pair<const char*, const char*> kLabels[] = {{"model", "モデル"}, {"read", "読み取り"}, {"filter", "絞り込み"},
                                                                {"write", "書き込み"}, {"migration", "マイグレーション"},
                                                                {"test", "テスト"}};
  for (const auto& [english, japanese] : kLabels)
    if (kind == english) return say(kind, japanese);
  return kind;
}

// The places grouped by file, each file a list item with its places under it; folded into
// <details> when long, so the transition table above stays on the first screen.
std::string PlacesList(const ApplicationCode& code, const Wording& say) {
  constexpr size_t kFoldPlaces = 12;
  std::string list;
  for (size_t i = 0; i < code.places.size(); ++i) {
    const CodeReference& r = code.places[i];
    if (i == 0 || r.path != code.places[i - 1].path) {
      size_t n = 0;
      for (size_t k = i; k < code.places.size() && code.places[k].path == r.path; ++k) ++n;
      list += "- " + CodeSpan(r.path) + " (" + std::to_string(n) + ")\n";
    }
    list += "  - " + say("line ", "") + std::to_string(r.line) + say("", " 行目") + ", " +
            KindLabel(ReferenceKindName(r.kind), say) + " (" + Prose(r.construct) + "): " + CodeSpan(r.text) + "\n";
  }
  list.pop_back();
  if (code.places.size() <= kFoldPlaces) return list;
  return "<details>\n<summary>" +
         say(std::to_string(code.places.size()) + " places in " + std::to_string(code.Files()) + " files",
             std::to_string(code.Files()) + " ファイル " + std::to_string(code.places.size()) + " 箇所") +
         "</summary>\n\n" + list + "\n\n</details>";
}

Json ApplicationCodeData(const Plan& plan, const Wording& say) {
  const ApplicationCode& code = *plan.application_code;
  const size_t files = code.Files();
  std::string dir = CodeSpan(code.app_dir), column = CodeSpan(code.column);
  std::string read = say(std::to_string(code.files_listed) + " files read, after the repository's ignore rules and without vendored "
                         "or generated code",
                         "リポジトリの除外設定を適用し、ベンダーや生成されたコードを除いた " + std::to_string(code.files_listed) +
                             " ファイルを読んだ");
  std::string caveat = say("Found by reading the code's text, not by running it: a review aid, not a proof (SQL built at run "
                           "time and meta-programming are not seen).",
                           "コードを実行せず、テキストとして読んで見つけたもの。レビューの手がかりであり、証明ではない"
                           "（実行時に組み立てる SQL やメタプログラミングは見えない）。");
  Json j;
  j["column"] = PrintableText(code.column);
  j["has_places"] = !code.places.empty();
  j["summary"] = code.places.empty()
                     ? say("No place in " + dir + " refers to " + column + " (" + read + "). ", dir + " に " + column +
                               " を参照する箇所は見つからなかった（" + read + "）。") + caveat
                     : say(std::to_string(code.places.size()) + " places in " + std::to_string(files) + " files of " + dir +
                               " refer to " + column + " (" + read + "). ",
                           dir + " の " + std::to_string(files) + " ファイル " + std::to_string(code.places.size()) + " 箇所が " +
                               column + " を参照している（" + read + "）。") +
                           caveat + say(" What each kind of place does in each phase:", "種類ごとに各フェーズですること:");
  j["headers"] = Json::array();
  for (const TransitionPhase& t : plan.transition_phases) j["headers"].push_back(MarkdownCell(t.phase));
  j["action_rows"] = Json::array();
  for (const ApplicationCode::KindActions& a : code.actions) {
    Json cells = Json::array();
    for (const std::string& action : a.actions) cells.push_back(MarkdownCell(action));
    j["action_rows"].push_back({{"kind", KindLabel(a.kind, say)}, {"cells", cells}});
  }
  j["list"] = code.places.empty() ? "" : PlacesList(code, say);
  return j;
}

std::string SeverityLabel(const std::string& severity, const Wording& say) {
  if (severity == "block") return say(severity, "実行不可");
  if (severity == "warn") return say(severity, "警告");
  return say(severity, "情報");
}

Json TemplateData(const Plan& plan, bool detailed) {
  const Wording say(plan.language);
  Json j = PlanToJson(plan);
  j["detailed"] = detailed;
  j["has_warnings"] = !plan.warnings.empty();
  j["duration"] = ShortDuration(plan.estimate.total_seconds, say);
  j["rollback_duration"] = ShortDuration(plan.estimate.rollback_seconds, say);
  j["display"] = {{"rows", WithThousands(plan.estimate.rows)}, {"batch_size", WithThousands(plan.strategy.batch_size)},
                  {"kind", Glossed(plan.kind, say)}, {"execution", Glossed(plan.execution, say)}};
  const Strategy& st = plan.strategy;
  j["display"]["adaptive"] =
      st.target_batch_ms > 0
          ? say("target " + std::to_string(st.target_batch_ms) + " ms, " + WithThousands(st.min_batch_size) + "–" +
                    WithThousands(st.max_batch_size) + " rows",
                "目標 " + std::to_string(st.target_batch_ms) + " ms、" + WithThousands(st.min_batch_size) + "〜" +
                    WithThousands(st.max_batch_size) + " 行")
          : say("off (a fixed batch size)", "なし（固定サイズ）");
  auto limits = [&](int pause, int stop) {
    if (pause == 0 && stop == 0) return say("off", "なし");
    std::string en = pause > 0 ? "over " + std::to_string(pause) : "never";
    std::string ja = pause > 0 ? std::to_string(pause) + " 超" : "待たない";
    if (stop > 0) en += "; stop over " + std::to_string(stop), ja += "、" + std::to_string(stop) + " 超で停止";
    return say(en, ja);
  };
  j["display"]["lock_waiters"] = limits(st.max_lock_waiters, st.critical_lock_waiters);
  j["display"]["active_sessions"] = limits(st.max_active_sessions, st.critical_active_sessions);
  j["display"]["throttle_query"] = st.throttle_query.empty() ? say("none", "なし") : MarkdownCell(st.throttle_query);
  for (Json& f : j["findings"]) {
    f["severity_label"] = SeverityLabel(f["severity"].get<std::string>(), say);
    f["sql_block"] = ProposedSqlBlock(f["proposed_sql"]);
  }
  j["cell"] = {{"reason", MarkdownCell(plan.reason)}, {"set", MarkdownCell(plan.set_sql)}, {"where", MarkdownCell(plan.where_sql)},
               {"service_impact", MarkdownCell(plan.service_impact)}, {"key", MarkdownCell(plan.key_description)},
               {"column", MarkdownCell(plan.column)}};
  EscapeCells(j["locks"], {"statement", "lock", "blocks", "scans"});
  EscapeCells(j["monitoring"], {"metric", "normal", "warning", "stop", "how"});
  EscapeCells(j["files"], {"purpose", "run"});
  j["heading"] = plan.change_kind.empty() ? say("Backfill plan: ", "バックフィル計画: ") + plan.target
                : say(plan.change_kind == "rename" ? "Rename plan: " : "Retype plan: ",
                      plan.change_kind == "rename" ? "列名変更計画: " : "型変更計画: ") +
                      plan.table + "." + plan.old_column + " → " + (plan.swapped_column.empty() ? plan.column : plan.new_type);
  if (j.contains("change")) {
    j["change"]["rename"] = plan.change_kind == "rename";
    j["change"]["keeps_name"] = !plan.swapped_column.empty();
    j["change"]["has_by_hand"] = !plan.by_hand.empty();
    j["change"]["has_switch_views"] = j["change"].contains("switch_views");
    if (j["change"]["has_switch_views"])
      for (Json& view : j["change"]["switch_views"]) view = SchemaSqlBlock(view["definition"].get<std::string>());
    EscapeCells(j["change"]["phases"], {"phase", "action", "undo", "old_version", "new_version"});
  }
  j["summary"] = Summary(plan, j["findings"], detailed, say);
  if (plan.application_code) j["code"] = ApplicationCodeData(plan, say);
  j["flowchart"] = Flowchart(plan, say);
  j["transition_rows"] = Json::array();
  for (const TransitionPhase& t : plan.transition_phases) {
    std::string actions;
    for (const std::string& a : t.actions) actions += (actions.empty() ? "" : say("; ", "。")) + a;
    j["transition_rows"].push_back({{"phase", MarkdownCell(t.phase)}, {"state", MarkdownCell(t.state)},
                                    {"actions", MarkdownCell(actions.empty() ? say("nothing", "なし") : actions)}});
  }
  for (const char* section : {"overview", "data_analysis", "strategy", "backfill_sql", "rollback", "checklist"}) {
    Json items = Json::array();
    for (const Json& f : j["findings"])
      if (f["section"] == section) items.push_back(f);
    // A fence inside a list item needs a blank line before the next item (the last is followed by one).
    for (size_t i = 0; i + 1 < items.size(); ++i)
      if (!items[i]["sql_block"].get<std::string>().empty()) items[i]["sql_block"] = items[i]["sql_block"].get<std::string>() + "\n";
    j[std::string("findings_") + section] = {{"items", items}, {"length", !items.empty()}};
  }
  Json files = Json::object(), blocks = Json::object();
  for (const BundleFile& f : plan.files) {
    std::string key = "f" + f.name.substr(0, f.name.size() - 4);  // f01_preflight
    std::string sql = f.content;
    while (!sql.empty() && sql.back() == '\n') sql.pop_back();
    files[key] = sql;
    blocks[key] = SqlBlock(f.name, sql, true);
  }
  std::string control;
  for (const ControlStatement& c : plan.control)
    control += (control.empty() ? "" : "\n") + std::string("-- ") + CommentText(c.action) + "\n" + c.sql;
  blocks["control"] = SqlBlock("control", control, false);
  j["file"] = files;
  j["block"] = blocks;
  return j;
}

std::string LoadTemplate(const MarkdownOptions& options, std::string& name) {
  name = "plan." + options.lang + ".md.mustache";
  if (!options.template_dir.empty()) {
    std::string file = name;
    name = options.template_dir + "/" + name;
    return ReadTemplateFile(options.template_dir, file);
  }
  const auto& templates = EmbeddedTemplates();
  auto it = templates.find(name);
  if (it == templates.end()) throw InputError({}, "no plan template for language \"" + options.lang + "\"", "use --lang en or --lang ja", {}, kExitUsage);
  return it->second;
}

}  // namespace

// A pipe ends a cell and a newline ends the row; control characters are escaped by Prose
// when the data reaches the template, and here for callers that write cells themselves.
std::string MarkdownCell(const std::string& text) {
  std::string out;
  for (char c : Prose(text)) {
    if (c == '|') out += "\\|";
    else out += c;
  }
  return out;
}

std::string RenderMarkdown(const Plan& plan, const MarkdownOptions& options) {
  std::string name;
  mustache::mustache tmpl{LoadTemplate(options, name)};
  if (!tmpl.is_valid()) throw InputError({name}, "template does not parse: " + tmpl.error_message());
  std::string out = tmpl.render(ToData(TemplateData(plan, options.detailed)));
  if (!tmpl.is_valid()) throw InputError({name}, "template does not render: " + tmpl.error_message());
  // One trailing newline, and no runs of blank lines left by sections that rendered empty.
  std::string tidy;
  int newlines = 0;
  for (char c : out) {
    newlines = c == '\n' ? newlines + 1 : 0;
    if (newlines <= 2) tidy += c;
  }
  while (!tidy.empty() && tidy.back() == '\n') tidy.pop_back();
  return tidy + "\n";
}

}  // namespace backfill
