#include "planner/cli/cli.h"

#include <CLI/CLI.hpp>

#include <sys/stat.h>

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <regex>

#include "planner/analysis/advisors.h"
#include "planner/analysis/subject.h"
#include "planner/catalog/ddl_reader.h"
#include "planner/code_refs/code_refs.h"
#include "planner/catalog/requirement_focus.h"
#include "planner/cli/annotations.h"
#include "planner/cli/plan_index.h"
#include "planner/cli/skipped_statements.h"
#include "planner/input_file.h"
#include "planner/plan/application_code.h"
#include "planner/plan/migrations.h"
#include "planner/plan/planner.h"
#include "planner/render/bundle_folder.h"
#include "planner/render/markdown.h"
#include "planner/render/migration_files.h"
#include "planner/render/output.h"
#include "planner/render/plan_json.h"
#include "planner/requirement/requirement.h"
#include "planner/sql/script_check.h"
#include "planner/version.h"

namespace backfill {
namespace {

namespace fs = std::filesystem;

constexpr const char* kExitCodeHelp =
    "Exit codes:\n"
    "  0  the plan was written\n"
    "  1  bad input: schema, requirement, target or expression (file:line:col: message on stderr)\n"
    "  2  bad command line\n"
    "  3  --check found a blocking finding, or a table with no key to page by (printed on stderr)\n"
    "  4  the output could not be written (nothing partial is left behind)\n"
    "  5  internal error: the plan's own SQL failed the parser self-check (a bug; please report it)\n";

// Generous for any real schema dump (the largest measured, 50 MB, plans in 12 s); the limit
// stops a wrong path, or a device such as /dev/zero, from being read into memory.

struct Flags {
  std::string target, schema, requirement, format = "markdown", output, lang = "en", date, template_dir;
  std::string style = "plain";
  std::string all;
  std::string app_dir;  // the application's repository, for code references
  bool detailed = false;
  bool check = false;
  std::string annotations;  // with --check: "github" prints workflow commands on stdout
  bool verbose = false;
  int pg_version = 15;
  std::optional<std::string> set, where;
  std::optional<int64_t> rows;
  std::optional<int> batch_size, sleep_ms;
};

std::string FirstExisting(const std::vector<std::string>& candidates) {
  for (const std::string& c : candidates)
    if (fs::is_regular_file(c)) return c;
  return {};
}

std::string Today() {
  std::time_t now = std::time(nullptr);
  char buffer[16];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d", std::localtime(&now));
  return buffer;
}

void CheckDate(const std::string& date) {
  std::tm tm{};
  bool shaped = std::regex_match(date, std::regex(R"(\d{4}-\d{2}-\d{2})"));
  if (shaped) {
    tm.tm_year = std::stoi(date.substr(0, 4)) - 1900;
    tm.tm_mon = std::stoi(date.substr(5, 2)) - 1;
    tm.tm_mday = std::stoi(date.substr(8, 2));
    std::tm copy = tm;
    std::mktime(&copy);
    shaped = copy.tm_mday == tm.tm_mday && copy.tm_mon == tm.tm_mon;
  }
  if (!shaped) throw InputError({"--date"}, "\"" + date + "\" is not a date", "write YYYY-MM-DD, e.g. 2026-11-21", {}, kExitUsage);
}

// Flags that only mean something for another output format are a mistake worth reporting.
void CheckFlagsAgree(const Flags& flags) {
  auto conflict = [](const std::string& message) {
    throw InputError({"command line"}, message, "see --help", {}, kExitUsage);
  };
  if (flags.format != "markdown" && flags.detailed) conflict("--detailed applies to --format markdown only");
  if ((flags.format == "sql" || flags.format == "migrations") && flags.lang != "en")
    conflict("--lang applies to --format markdown and json only: the SQL is the same in every language");
  if (flags.check && !flags.output.empty()) conflict("--check writes nothing; drop --output");
  if (!flags.annotations.empty() && !flags.check) conflict("--annotations goes with --check; add --check");
  if (!flags.all.empty() && (flags.format == "sql" || flags.format == "migrations" || flags.check))
    conflict("--all writes Markdown or JSON plans only");
  if (!flags.all.empty() && (flags.set || flags.where || flags.rows || flags.batch_size || flags.sleep_ms || !flags.requirement.empty()))
    conflict("--all takes every value from the requirement files; drop --set, --where, --rows, --batch-size, --sleep-ms, --requirement");
  if (flags.format != "markdown" && !flags.template_dir.empty()) conflict("--template-dir applies to --format markdown only");
  if (!flags.app_dir.empty() && (flags.check || flags.format == "sql" || flags.format == "migrations"))
    conflict("--app-dir adds the application's code to a Markdown or JSON plan; drop it with --check and --format sql or migrations");
}

Requirement LoadRequirement(const Flags& flags) {
  std::string path = flags.requirement;
  if (path.empty() && !flags.target.empty()) {
    TargetName t = ParseTargetName(flags.target, {"command line"});
    path = FirstExisting({"backfills/" + t.table + "." + t.column + ".json", "backfill.json"});
  } else if (path.empty()) {
    path = FirstExisting({"backfill.json"});
  }
  Requirement r;
  r.source = "command line";
  if (!path.empty()) r = ReadRequirementFile(path);
  if (!flags.target.empty()) {
    TargetName given = ParseTargetName(flags.target, {"command line"});
    if (r.target) {
      const TargetName& in_file = *r.target;
      bool agree = given.table == in_file.table && given.column == in_file.column &&
                   (!given.schema || !in_file.schema || *given.schema == *in_file.schema);
      if (!agree)
        throw InputError(r.target_place, "the requirement's target " + in_file.Display() + " disagrees with " +
                                             given.Display() + " on the command line",
                         "fix one of them, or pass --requirement for the right file");
      if (!r.target->schema) r.target = given;
    } else {
      r.target = given;
      r.target_place = {"command line"};
    }
  }
  if (!r.target) throw InputError({"command line"}, "no target given", "run backfill-plan [schema.]table.column", {}, kExitUsage);
  if (flags.set) r.set_sql = flags.set, r.set_place = {"--set"};
  if (flags.where) r.where_sql = flags.where, r.where_place = {"--where"};
  if (flags.rows) r.estimated_rows = flags.rows;
  if (flags.batch_size) r.batch_size = *flags.batch_size;
  if (flags.sleep_ms) r.sleep_ms = *flags.sleep_ms;
  if (flags.batch_size) CheckBatchBounds(r);
  return r;
}

std::string SchemaPath(const Flags& flags) {
  std::string schema = flags.schema.empty() ? FirstExisting({"schema.sql", "db/structure.sql", "structure.sql"}) : flags.schema;
  if (schema.empty())
    throw InputError({"command line"}, "no schema file: none of schema.sql, db/structure.sql, structure.sql is here",
                     "pass --schema FILE", {}, kExitUsage);
  return schema;
}

// What the reader skipped: one line counting it, or with --verbose a line per statement.
Catalog LoadCatalog(const std::string& schema, bool verbose, std::ostream& err, const std::optional<SchemaFocus>& focus = {}) {
  std::vector<DdlNote> notes;
  Catalog catalog =
      ReadSchemaText(schema, ReadRegularFile(schema, "schema file", kMaxSchemaBytes), notes, focus ? &*focus : nullptr);
  if (verbose) {
    for (const std::string& line : SkippedStatementLines(notes)) err << PrintableText(line) << "\n";
  } else if (!notes.empty()) {
    err << PrintableText(SkippedStatementsLine(schema, notes)) << "\n";
  }
  return catalog;
}

void PrintError(const InputError& e, std::ostream& err) {
  err << e.OneLine() << "\n";
  if (!e.excerpt().empty()) err << e.PrintableExcerpt() << "\n";
}

PlanOptions PlanOptionsFor(const Flags& flags, const std::string& date) {
  PlanOptions options{date, flags.pg_version};
  options.language = LanguageFromCode(flags.lang).value_or(Language::kEnglish);  // CLI11 admits only known codes
  return options;
}

// What the code scan looks for: the table, and the column as the application knows it today (a
// rename's old name).
CodeTarget CodeTargetFor(const BackfillSubject& subject) {
  CodeTarget t{subject.table->name.schema, subject.table->name.name,
               subject.expand ? subject.expand->old_column : subject.column->name, {}};
  for (const auto& [name, table] : subject.catalog->tables)
    if (name != subject.table->name) t.other_tables.push_back(name.name);
  return t;
}

// The schema file as a path inside the application's folder ("" when outside it): the scan
// does not list the input itself as a reference.
std::string SchemaInsideApp(const std::string& schema, const std::string& app_dir) {
  std::error_code ec;
  fs::path file = fs::canonical(schema, ec), root = fs::canonical(app_dir, ec);
  if (ec) return {};
  fs::path relative = file.lexically_relative(root);
  if (relative.empty() || *relative.begin() == "..") return {};
  return relative.generic_string();
}

std::string RenderText(const Flags& flags, const Plan& plan) {
  return flags.format == "json" ? PlanToJson(plan).dump(2) + "\n"
                                : RenderMarkdown(plan, {flags.detailed, flags.lang, flags.template_dir});
}

// For --check, a table with no key to page by blocks the backfill as a blocking finding does: a CI
// gate reads exit code 3 as "this cannot run as it is", and 1 as a broken input file. With
// --annotations github it is an error annotation too.
BackfillSubject BindSubjectToCheck(const Catalog& catalog, const Requirement& requirement, const Flags& flags,
                                   std::ostream& out) {
  try {
    return BindSubject(catalog, requirement);
  } catch (const NoBatchKeyError& e) {
    if (flags.annotations == "github")
      out << GithubAnnotation("error", "backfill-plan: no key to page by", e.message() + " (" + e.suggestion() + ")", e.place())
          << "\n";
    throw InputError(e.place(), e.message(), e.suggestion(), e.excerpt(), kExitBlocked);
  }
}

void Run(const Flags& flags, std::ostream& out, std::ostream& err) {
  std::string schema = SchemaPath(flags);  // a missing schema is reported before the requirement
  Requirement requirement = LoadRequirement(flags);
  // With --app-dir the whole file is read: the code scan tells this table's rows from other
  // tables' by every table's name, which a read focused on the target would not all hold.
  Catalog catalog =
      LoadCatalog(schema, flags.verbose, err, flags.app_dir.empty() ? FocusOf(requirement) : std::optional<SchemaFocus>());
  BackfillSubject subject =
      flags.check ? BindSubjectToCheck(catalog, requirement, flags, out) : BindSubject(catalog, requirement);
  for (const std::string& w : SideEffectSentences(subject, Wording(Language::kEnglish)))
    err << PrintableText(requirement.source + ": warning: " + w) << "\n";
  std::string date = flags.date.empty() ? Today() : flags.date;
  Plan plan = BuildPlan(subject, PlanOptionsFor(flags, date));
  if (!flags.app_dir.empty()) {
    RepositoryFiles files = ListRepositoryFiles(flags.app_dir);
    CodeTarget target = CodeTargetFor(subject);
    std::vector<CodeReference> places =
        std::move(FindCodeReferences(files, {target}, SchemaInsideApp(schema, flags.app_dir)).front());
    AddApplicationCode(plan, flags.app_dir, files.paths.size(), target.column, std::move(places));
  }
  if (flags.check) {
    for (const Finding& f : plan.findings)
      if (f.severity == Severity::kBlock) err << PrintableText("block " + f.id + ": " + f.title + " (" + f.advice + ")") << "\n";
    if (flags.annotations == "github")
      for (const Finding& f : plan.findings)
        if (f.severity != Severity::kInfo) out << GithubAnnotation(f, requirement.target_place) << "\n";
    if (plan.blocked) throw InputError({}, "the plan has blocking findings", {}, {}, kExitBlocked);
    return;
  }
  if (flags.format == "migrations") {
    if (flags.output.empty())
      throw InputError({"command line"}, "--format migrations writes into a migrations folder", "add --output DIR", {}, kExitUsage);
    WriteMigrationFiles(flags.output,
                        NameMigrationFiles(BuildMigrations(plan, !subject.column->not_null), flags.style, date));
    return;
  }
  if (flags.format == "sql") {
    if (flags.output.empty())
      throw InputError({"command line"}, "--format sql writes a folder of files", "add --output DIR", {}, kExitUsage);
    NamedFiles files;
    for (const BundleFile& f : plan.files) files.emplace_back(f.name, f.content);
    WriteBundleFolder(flags.output, files);
    return;
  }
  std::string text = RenderText(flags, plan);
  if (flags.output.empty()) out << text;
  else WriteFileAtomically(flags.output, text);
}

// The files an --all output folder holds that the tool may replace: those its own index page
// lists, and the index itself. A folder whose index.md is anything else is not touched at all.
std::set<std::string> OwnedPlanFiles(const fs::path& dir) {
  fs::path index = dir / "index.md";
  struct stat st {};
  if (lstat(index.c_str(), &st) != 0) return {};
  std::optional<std::set<std::string>> listed;
  if (S_ISREG(st.st_mode)) listed = ListedPlans(ReadRegularFile(index.string(), "index page", kMaxRequirementBytes));
  if (!listed)
    throw InputError({index.string()}, "cannot write the plans: this index.md was not written by backfill-plan",
                     "give an empty or new --output folder; nothing was written", {}, kExitOutput);
  listed->insert("index.md");
  return *listed;
}

// Creates the output folder only now, once the schema has loaded: a bad schema leaves nothing.
std::set<std::string> PrepareOutputFolder(const std::string& dir) {
  std::error_code ec;
  if (fs::is_directory(dir, ec)) return OwnedPlanFiles(dir);
  if (!fs::create_directory(dir, ec))
    throw InputError({dir}, "cannot create the output folder", "check that its parent exists", {}, kExitOutput);
  return {};
}

std::string Lowercase(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// Plans one requirement file of --all into the output folder, refusing what would overwrite
// the index, another plan of this run, or a file the tool did not write.
class AllPlanner {
 public:
  AllPlanner(const Flags& flags, const Catalog& catalog, std::set<std::string> owned)
      : flags_(flags), catalog_(catalog), owned_(std::move(owned)) {}

  // With --app-dir: the repository is listed and read once, for every requirement that binds
  // (one that does not fails in PlanOne, as without --app-dir).
  void ScanApplication(RepositoryFiles files, const std::vector<fs::path>& requirements, const std::string& schema) {
    files_ = std::move(files);
    std::vector<CodeTarget> targets;
    std::vector<std::string> bound;
    for (const fs::path& path : requirements) {
      try {
        targets.push_back(CodeTargetFor(BindSubject(catalog_, ReadRequirementFile(path.string()))));
        bound.push_back(path.string());
      } catch (const InputError&) {
      }
    }
    std::vector<std::vector<CodeReference>> found = FindCodeReferences(*files_, targets, SchemaInsideApp(schema, flags_.app_dir));
    for (size_t i = 0; i < bound.size(); ++i) places_[bound[i]] = {targets[i].column, std::move(found[i])};
  }

  // The plan's file name; throws InputError.
  std::string PlanOne(const fs::path& requirement_file, PlanIndex& index) {
    std::string extension = flags_.format == "json" ? ".json" : ".md";
    std::string name = requirement_file.stem().string() + extension;
    std::string from = requirement_file.filename().string();
    // Case-insensitively: on macOS and Windows file systems Index.md is index.md.
    if (Lowercase(name) == "index.md")
      throw InputError({requirement_file.string()}, "its plan would be named " + name + ", the index page's name",
                       "rename the requirement file");
    if (auto taken = names_.find(Lowercase(name)); taken != names_.end())
      throw InputError({requirement_file.string()}, "its plan would be named " + name + ", as the plan of " + taken->second + " is",
                       "rename one of the requirement files");
    Requirement requirement = ReadRequirementFile(requirement_file.string());
    backfill::Plan plan = BuildPlan(BindSubject(catalog_, requirement), PlanOptionsFor(flags_, Date()));
    if (auto code = places_.find(requirement_file.string()); files_ && code != places_.end())
      AddApplicationCode(plan, flags_.app_dir, files_->paths.size(), code->second.first, code->second.second);
    std::string target = plan.table + "." + plan.column;
    if (auto same = targets_.find(target); same != targets_.end())
      throw InputError({requirement_file.string()}, "plans " + target + " again, as " + same->second + " does",
                       "keep one requirement file per target");
    fs::path destination = fs::path(flags_.output) / name;
    std::error_code ec;
    if (fs::symlink_status(destination, ec).type() != fs::file_type::not_found && !owned_.count(name))
      throw InputError({destination.string()}, "exists and was not written by backfill-plan; it was left as it is",
                       "move it away, or give another --output", {}, kExitOutput);
    WriteFileAtomically(destination.string(), RenderText(flags_, plan));
    names_[Lowercase(name)] = from;
    targets_[target] = from;
    index.AddPlan(name, plan);
    return name;
  }

  std::string Date() const { return flags_.date.empty() ? Today() : flags_.date; }

 private:
  const Flags& flags_;
  const Catalog& catalog_;
  std::set<std::string> owned_;
  std::map<std::string, std::string> names_;    // lowercased plan file name -> requirement file
  std::map<std::string, std::string> targets_;  // target -> requirement file
  std::optional<RepositoryFiles> files_;
  std::map<std::string, std::pair<std::string, std::vector<CodeReference>>> places_;  // requirement file -> column, places
};

// --all DIR: one plan per requirement file (target from the file), then an index page. A file
// that fails is reported, in the index and on stderr, and the rest are still planned; the exit
// code is the gravest failure's: 5 internal error, 4 output not written, 1 bad input (a table
// with no key to page by among them: no plan is written for it, and the index says it is blocked).
int RunAll(const Flags& flags, std::ostream& err) {
  std::error_code ec;
  if (!fs::is_directory(flags.all, ec))
    throw InputError({flags.all}, "--all needs a folder of requirement files", {}, {}, kExitUsage);
  if (flags.output.empty()) throw InputError({"command line"}, "--all writes one plan per target", "add --output DIR", {}, kExitUsage);
  std::vector<fs::path> requirements;
  for (const auto& entry : fs::directory_iterator(flags.all, ec))
    if (entry.path().extension() == ".json") requirements.push_back(entry.path());
  std::sort(requirements.begin(), requirements.end());
  std::string schema = SchemaPath(flags);
  Catalog catalog = LoadCatalog(schema, flags.verbose, err);
  std::optional<RepositoryFiles> files;  // listed before the output folder is made: a bad --app-dir leaves nothing
  if (!flags.app_dir.empty()) files = ListRepositoryFiles(flags.app_dir);
  AllPlanner planner(flags, catalog, PrepareOutputFolder(flags.output));
  if (files) planner.ScanApplication(std::move(*files), requirements, schema);
  PlanIndex index(PlanOptionsFor(flags, planner.Date()).language);
  int failures = 0, code = kExitOk;
  for (const fs::path& path : requirements) {
    try {
      planner.PlanOne(path, index);
    } catch (const NoBatchKeyError& e) {
      ++failures;
      code = std::max(code, static_cast<int>(kExitBadInput));
      PrintError(e, err);
      index.AddBlocked(path.filename().string(), e.message() + " (" + e.suggestion() + ")");
    } catch (const InputError& e) {
      ++failures;
      code = std::max(code, static_cast<int>(e.code() == kExitOutput ? kExitOutput : kExitBadInput));
      PrintError(e, err);
      index.AddFailure(path.filename().string(), e.message());
    } catch (const std::exception& e) {
      // A bug in one plan (the self-check, or worse) still leaves the others planned.
      ++failures;
      code = kExitInternal;
      err << PrintableText("backfill-plan: internal error: " + path.string() + ": " + e.what()) << "\n";
      index.AddFailure(path.filename().string(), std::string("internal error: ") + e.what());
    }
  }
  WriteFileAtomically((fs::path(flags.output) / "index.md").string(), index.Text());
  if (failures) err << "backfill-plan: " << failures << " of " << requirements.size() << " requirement files failed\n";
  return code;
}

}  // namespace

int RunCommandLine(int argc, char** argv, std::ostream& out, std::ostream& err) {
  CLI::App app{"backfill-plan: a reviewed, runnable PostgreSQL backfill plan from a schema and a requirement.\n"
               "It never connects to a database.",
               "backfill-plan"};
  app.footer(kExitCodeHelp);
  app.set_version_flag("--version", std::string("backfill-plan ") + ToolVersion(), "print the version and exit");
  Flags flags;
  app.add_option("target", flags.target, "[schema.]table.column to backfill (quote names as in SQL)");
  app.add_option("--all", flags.all, "plan every requirement file in this folder, one plan per target, plus index.md")
      ->excludes("target");
  app.add_option("--app-dir", flags.app_dir,
                 "list the places in this application repository that refer to the column (Application transition; "
                 "git's ignore rules apply, vendored and generated code is skipped)");
  app.add_option("--schema", flags.schema, "DDL file (default: ./schema.sql, ./db/structure.sql, ./structure.sql)");
  app.add_option("--requirement", flags.requirement,
                 "requirement JSON (default: ./backfills/<table>.<column>.json, then ./backfill.json)");
  app.add_flag("--detailed", flags.detailed, "print every section, not only Overview, Strategy, Backfill SQL, Rollback");
  app.add_option("--format", flags.format,
                 "markdown, json, sql (a folder of psql files), or migrations (files for a migration runner); "
                 "sql and migrations need --output")
      ->check(CLI::IsMember({"markdown", "json", "sql", "migrations"}));
  app.add_option("--style", flags.style, "with --format migrations: golang-migrate, flyway or plain")
      ->check(CLI::IsMember({"golang-migrate", "flyway", "plain"}));
  app.add_flag("--check", flags.check,
               "write nothing; exit 3 if any finding blocks the backfill, or the table has no key to page by (for CI)");
  app.add_option("--annotations", flags.annotations,
                 "with --check: github prints each block and warn finding as a GitHub Actions annotation on stdout")
      ->check(CLI::IsMember({"github"}));
  app.add_flag("--verbose", flags.verbose, "list each statement the schema reader skipped (else one line counts them)");
  app.add_option("--output", flags.output, "write to this file (or folder, for --format sql) instead of stdout");
  app.add_option("--lang", flags.lang, "language of the plan's prose, en or ja (Markdown and JSON; the SQL is the same)")
      ->check(CLI::IsMember({"en", "ja"}));
  app.add_option("--template-dir", flags.template_dir,
                 "render with plan.<lang>.md.mustache from this folder (a team's own runbook format)");
  app.add_option("--date", flags.date, "YYYY-MM-DD used for every date in the output (default: today)");
  app.add_option("--pg-version", flags.pg_version, "PostgreSQL major version of the server (12 or later)")
      ->check(CLI::Range(12, 18));
  app.add_option("--set", flags.set, "SQL expression for the new value (overrides the requirement)");
  app.add_option("--where", flags.where, "SQL predicate choosing the rows (overrides the requirement)");
  app.add_option("--rows", flags.rows, "estimated rows (overrides estimated_rows)")->check(CLI::Range(int64_t{0}, int64_t{10'000'000'000'000}));
  app.add_option("--batch-size", flags.batch_size, "rows per batch (overrides batch_size)")->check(CLI::Range(1, 1000000));
  app.add_option("--sleep-ms", flags.sleep_ms, "pause between batches in ms (overrides sleep_ms)")->check(CLI::Range(0, 600000));
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    out << app.help();
    return kExitOk;
  } catch (const CLI::CallForVersion& e) {
    out << e.what() << "\n";
    return kExitOk;
  } catch (const CLI::ParseError& e) {
    err << "backfill-plan: " << PrintableText(e.what()) << " (see --help)\n";
    return kExitUsage;
  }
  try {
    if (!flags.date.empty()) CheckDate(flags.date);
    CheckFlagsAgree(flags);
    if (!flags.all.empty()) return RunAll(flags, err);
    Run(flags, out, err);
  } catch (const InputError& e) {
    PrintError(e, err);
    return e.code();
  } catch (const SelfCheckError& e) {
    err << "backfill-plan: internal error: " << PrintableText(e.what()) << "\n";
    return kExitInternal;
  }
  return kExitOk;
}

}  // namespace backfill
