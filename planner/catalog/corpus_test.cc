// Real schemas from ../shared/corpus (not part of this repository). The numbers asserted here
// were taken from the files themselves: each was loaded into PostgreSQL 15.18 and counted in
// pg_class, pg_attribute, pg_constraint, pg_index and pg_trigger (see the comments for where
// the catalog deliberately differs). Without the corpus these tests skip, saying so.
#include "planner/catalog/ddl_reader.h"
#include "planner/sql/parse_tree.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

namespace backfill {
namespace {

std::optional<std::string> CorpusFile(const std::string& name, const std::string& file = "schema.sql") {
  std::filesystem::path path = std::filesystem::path(SHARED_CORPUS_DIR) / name / file;
  if (!std::filesystem::is_regular_file(path)) return std::nullopt;
  return path.string();
}

#define CORPUS_OR_SKIP(var, name, ...)                                                        \
  auto var = CorpusFile(name, ##__VA_ARGS__);                                                 \
  if (!var) {                                                                                 \
    MESSAGE("skipped: " << SHARED_CORPUS_DIR << "/" << name << " is absent (shared corpus)"); \
    return;                                                                                   \
  }

struct Counts {
  int tables = 0;       // ordinary and partitioned tables, partitions included (pg_class r + p)
  int partitioned = 0;  // relkind p
  int partitions = 0;   // tables that are a partition of another
  int views = 0, materialized_views = 0, foreign_tables = 0;
  int columns = 0, not_null = 0, with_default = 0, identity = 0, generated = 0;
  int indexes = 0, unique = 0, primary = 0, partial = 0, expression = 0, not_btree = 0;
  int row_triggers = 0, before_triggers = 0, update_triggers = 0;
  int fk_on_delete_cascade = 0, fk_on_delete_set_null = 0, fk_on_delete_restrict = 0, fk_on_update_cascade = 0;
};

Counts Count(const Catalog& c) {
  Counts n;
  for (const auto& [name, t] : c.tables) {
    bool is_table = t.kind == TableKind::kOrdinary || t.kind == TableKind::kPartitioned;
    n.tables += is_table;
    n.partitioned += t.kind == TableKind::kPartitioned;
    n.partitions += t.partition_of.has_value();
    n.views += t.kind == TableKind::kView;
    n.materialized_views += t.kind == TableKind::kMaterializedView;
    n.foreign_tables += t.kind == TableKind::kForeign;
    if (!is_table) continue;
    for (const Column& col : t.columns) {
      ++n.columns;
      n.not_null += col.not_null;
      n.with_default += col.default_sql.has_value();
      n.identity += col.identity;
      n.generated += col.generated_sql.has_value();
    }
  }
  for (const Index& i : c.indexes) {
    ++n.indexes;
    n.unique += i.unique;
    n.primary += i.primary;
    n.partial += i.predicate_sql.has_value();
    n.expression += std::count(i.columns.begin(), i.columns.end(), "") > 0;
    n.not_btree += i.method != "btree";
  }
  for (const Trigger& t : c.triggers) {
    n.row_triggers += t.for_each_row;
    n.before_triggers += t.timing == Trigger::Timing::kBefore;
    n.update_triggers += t.on_update;
  }
  for (const ForeignKey& fk : c.foreign_keys) {
    n.fk_on_delete_cascade += fk.on_delete == FkAction::kCascade;
    n.fk_on_delete_set_null += fk.on_delete == FkAction::kSetNull;
    n.fk_on_delete_restrict += fk.on_delete == FkAction::kRestrict;
    n.fk_on_update_cascade += fk.on_update == FkAction::kCascade;
  }
  return n;
}

// Every column type's SQL spelling must read back as a type: the plan writes it into CASTs
// and the backup table's definition.
void CheckTypeSpellingsParse(const Catalog& c) {
  for (const auto& [name, table] : c.tables)
    for (const Column& column : table.columns) {
      INFO(name.Display() << "." << column.name << ": " << column.type.sql);
      CHECK_NOTHROW(ParseSql("SELECT CAST(NULL AS " + column.type.sql + ")"));
    }
}

Catalog LoadCompletely(const std::string& path, std::vector<DdlNote>& notes) {
  try {
    Catalog c = ReadSchemaFile(path, notes);
    CheckTypeSpellingsParse(c);
    return c;
  } catch (const InputError& e) {
    FAIL("did not load: " << e.OneLine() << "\n" << e.excerpt());
  }
  return {};
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The text with the given 1-based line replaced by spaces, so that offsets stay the same.
std::string BlankLine(std::string text, int line) {
  size_t start = 0;
  for (int i = 1; i < line; ++i) start = text.find('\n', start) + 1;
  size_t end = text.find('\n', start);
  std::fill(text.begin() + start, text.begin() + end, ' ');
  return text;
}

}  // namespace

TEST_CASE("corpus pagila (pg_dump of PostgreSQL 12) loads completely") {
  CORPUS_OR_SKIP(path, "pagila");
  std::vector<DdlNote> notes;
  Catalog c = LoadCompletely(*path, notes);
  CHECK(notes.empty());
  Counts n = Count(c);
  CHECK(n.tables == 22);  // 14 tables + payment (partitioned) + its 7 partitions
  CHECK(n.partitioned == 1);
  CHECK(n.partitions == 7);
  CHECK(n.views == 7);
  CHECK(n.materialized_views == 1);
  CHECK(c.views.size() == 8);
  CHECK(c.foreign_keys.size() == 36);
  CHECK(n.fk_on_update_cascade == 17);
  CHECK(n.fk_on_delete_restrict == 17);
  CHECK(c.triggers.size() == 15);
  CHECK(n.row_triggers == 15);
  CHECK(n.before_triggers == 15);
  CHECK(n.update_triggers == 15);
  CHECK(c.checks.empty());
  CHECK(n.columns == 129);
  CHECK(n.not_null == 114);
  CHECK(n.with_default == 41);
  // PostgreSQL has 56: ATTACH PARTITION also creates the 7 partitions' primary key indexes,
  // which the file never states.
  CHECK(n.indexes == 49);
  CHECK(n.unique == 18);
  CHECK(n.primary == 15);
  CHECK(n.not_btree == 1);  // film_fulltext_idx, gist
  CHECK(c.enums.size() == 1);
  CHECK(c.domains.size() == 2);
  CHECK(c.functions.size() == 9);  // PostgreSQL's 10 in pg_proc include the aggregate group_concat

  const Table* payment = c.FindTable({"public", "payment"});
  REQUIRE(payment);
  CHECK(payment->kind == TableKind::kPartitioned);
  CHECK(payment->partition_strategy == "range");
  CHECK(payment->partition_key == std::vector<std::string>{"payment_date"});
  REQUIRE(payment->partitions.size() == 7);
  CHECK(payment->partitions.front() == QualifiedName{"public", "payment_p2022_01"});
  const Table* film = c.FindTable({"public", "film"});
  REQUIRE(film);
  CHECK(film->FindColumn("rating")->type.name == QualifiedName{"public", "mpaa_rating"});
  CHECK(film->FindColumn("release_year")->type.name == QualifiedName{"public", "year"});
  CHECK(film->FindColumn("film_id")->default_sql == "nextval('public.film_film_id_seq'::regclass)");
  CHECK(c.views.at({"public", "customer_list"}).reads.count({"public", "customer"}));
}

TEST_CASE("corpus synapse (pg_dump without preamble) loads completely") {
  CORPUS_OR_SKIP(path, "synapse");
  std::vector<DdlNote> notes;
  Catalog c = LoadCompletely(*path, notes);
  CHECK(notes.empty());
  Counts n = Count(c);
  CHECK(n.tables == 134);
  CHECK(n.partitioned == 0);
  CHECK(n.views == 0);
  CHECK(c.foreign_keys.size() == 14);
  CHECK(n.fk_on_delete_cascade == 4);
  CHECK(c.checks.size() == 5);
  CHECK(c.triggers.size() == 1);
  CHECK(n.columns == 624);
  CHECK(n.not_null == 410);
  CHECK(n.with_default == 20);
  CHECK(n.indexes == 236);
  CHECK(n.unique == 130);
  CHECK(n.primary == 27);
  CHECK(n.partial == 12);
  CHECK(n.not_btree == 2);
  CHECK(c.functions.size() == 1);
}

TEST_CASE("corpus danbooru (Rails structure.sql) loads completely") {
  CORPUS_OR_SKIP(path, "danbooru");
  std::vector<DdlNote> notes;
  Catalog c = LoadCompletely(*path, notes);
  CHECK(notes.empty());
  Counts n = Count(c);
  CHECK(n.tables == 66);
  CHECK(n.views == 2);
  CHECK(c.foreign_keys.size() == 93);
  CHECK(c.triggers.empty());
  CHECK(n.columns == 641);
  CHECK(n.not_null == 502);
  CHECK(n.with_default == 191);
  CHECK(n.indexes == 456);
  CHECK(n.unique == 92);
  CHECK(n.primary == 65);
  CHECK(n.partial == 49);
  CHECK(n.expression == 35);
  CHECK(n.not_btree == 55);
  CHECK(c.functions.size() == 3);
}

TEST_CASE("corpus hatchet (Prisma and handwritten DDL, partitioned) loads completely") {
  CORPUS_OR_SKIP(path, "hatchet");
  std::vector<DdlNote> notes;
  Catalog c = LoadCompletely(*path, notes);
  CHECK(notes.empty());
  Counts n = Count(c);
  CHECK(n.tables == 132);
  CHECK(n.partitioned == 22);  // partitions are made at run time, none in the file
  CHECK(n.partitions == 0);
  CHECK(c.foreign_keys.size() == 76);
  CHECK(n.fk_on_delete_cascade == 50);
  CHECK(n.fk_on_delete_set_null == 24);
  CHECK(n.fk_on_delete_restrict == 2);
  CHECK(n.fk_on_update_cascade == 72);
  CHECK(c.checks.size() == 11);
  CHECK(c.triggers.size() == 21);
  CHECK(n.row_triggers == 1);
  CHECK(n.update_triggers == 6);
  CHECK(n.columns == 1193);
  CHECK(n.not_null == 819);
  CHECK(n.with_default == 288);  // 18 of them from BIGSERIAL
  CHECK(n.identity == 23);
  CHECK(n.generated == 1);
  CHECK(n.indexes == 327);  // 2 of them EXCLUDE USING gist constraints
  CHECK(n.unique == 219);
  CHECK(n.primary == 119);
  CHECK(n.partial == 16);
  CHECK(n.not_btree == 4);
  CHECK(c.enums.size() == 57);
  CHECK(c.functions.size() == 48);  // distinct names; pg_proc's 53 count overloads apart

  const Table* runs = c.FindTable({"public", "WorkflowRun"});
  REQUIRE(runs);
  CHECK(runs->FindColumn("status")->type.name == QualifiedName{"public", "WorkflowRunStatus"});
}

TEST_CASE("corpus chinook loads, skipping its \\c meta-command with a note") {
  CORPUS_OR_SKIP(path, "chinook");
  std::vector<DdlNote> notes;
  Catalog c = LoadCompletely(*path, notes);
  REQUIRE(notes.size() == 1);
  CHECK(notes[0].place.line == 28);
  CHECK(notes[0].text == "skipped psql meta-command \\c chinook;");
  Counts n = Count(c);
  CHECK(n.tables == 11);
  CHECK(c.foreign_keys.size() == 11);
  CHECK(n.columns == 64);
  CHECK(n.not_null == 30);
  CHECK(n.with_default == 0);
  CHECK(n.indexes == 22);
  CHECK(n.primary == 11);
}

TEST_CASE("corpus pg15-regress-create_table stops at its deliberate syntax errors with a place") {
  CORPUS_OR_SKIP(path, "pg15-regress-create_table");
  std::vector<DdlNote> notes;
  try {
    ReadSchemaFile(*path, notes);
    FAIL("the regression script has deliberate syntax errors");
  } catch (const InputError& e) {
    CHECK(e.place().file == *path);
    CHECK(e.place().line == 57);
    CHECK(e.place().column == 29);
    CHECK(std::string(e.what()) == "syntax error at or near \"OIDS\"");
    CHECK(e.excerpt() == "CREATE TABLE withoid() WITH OIDS;\n                            ^");
  }
  CHECK(notes.size() == 23);  // every psql meta-command line, skipped before parsing

  // The second deliberate one, on its own: the statements before it are PostgreSQL's tests
  // (some fail on purpose in PostgreSQL too, e.g. a table created twice), so blank them.
  std::string whole = ReadAll(*path);
  std::string text = whole;
  for (int line = 1; line <= 320; ++line) text = BlankLine(text, line);
  try {
    ReadSchemaText("create_table.sql", text, notes);
    FAIL("the regression script has a second deliberate syntax error");
  } catch (const InputError& e) {
    CHECK(e.place().line == 321);
    CHECK(e.place().column == 64);
    CHECK(std::string(e.what()) == "syntax error at or near \")\"");
  }

  // Past both, the statements are PostgreSQL's own tests: whatever the catalog makes of them,
  // it must answer with an InputError or a catalog, never crash.
  text = BlankLine(BlankLine(whole, 57), 321);
  try {
    ReadSchemaText("create_table.sql", text, notes);
  } catch (const InputError& e) {
    MESSAGE("regression script without its syntax errors: " << e.OneLine());
    CHECK(e.place().line > 0);
  }
}

TEST_CASE("corpus pagila at PostgreSQL 18 syntax is refused at the VIRTUAL column") {
  CORPUS_OR_SKIP(path, "pagila", "schema.pg18-head.sql");
  std::vector<DdlNote> notes;
  try {
    ReadSchemaFile(*path, notes);
    FAIL("PostgreSQL 15's parser rejects GENERATED ... VIRTUAL");
  } catch (const InputError& e) {
    CHECK(e.place().line == 453);
    CHECK(e.place().column == 77);  // where VIRTUAL starts (SOURCE.md's "col 71" is off by 6)
    CHECK(std::string(e.what()) == "syntax error at or near \"VIRTUAL\"");
  }
}

}  // namespace backfill
