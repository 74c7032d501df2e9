#include "planner/catalog/statement_names.h"

#include <doctest/doctest.h>

#include <algorithm>

namespace backfill {
namespace {

bool Mentions(const StatementNames& names, const std::string& schema, const std::string& name, bool in_string = false) {
  return std::any_of(names.mentions.begin(), names.mentions.end(), [&](const NameMention& m) {
    return m.schema == schema && m.name == name && m.in_string == in_string;
  });
}

StatementNames Read(const std::string& sql) {
  StatementNames names;
  ReadStatementNames(sql, names);
  return names;
}

TEST_CASE("names are folded, quoted names kept, and a.b.c mentions a alone, b in a and c in b") {
  StatementNames n = Read("ALTER TABLE ONLY Shop.\"Orders\" ADD FOREIGN KEY (x) REFERENCES db.shop.customers(id);");
  CHECK(Mentions(n, "", "alter"));
  CHECK(Mentions(n, "shop", "Orders"));
  CHECK_FALSE(Mentions(n, "", "Orders"));
  CHECK(Mentions(n, "", "db"));
  CHECK(Mentions(n, "db", "shop"));
  CHECK(Mentions(n, "shop", "customers"));
  CHECK(n.altered.schema == "shop");
  CHECK(n.altered.name == "Orders");
  CHECK(n.head == std::vector<std::string>{"alter", "table", "only", "shop"});
}

TEST_CASE("words inside strings, E'' strings and dollar-quoted bodies count, in a string; comments do not") {
  StatementNames n = Read(
      "CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $body$ BEGIN INSERT INTO audit.log VALUES ('it''s'); "
      "END $body$; -- ignored_word\n/* outer /* nested */ still_comment */ SELECT E'esc\\'aped', nextval('app.seq')");
  CHECK(Mentions(n, "audit", "log", true));
  CHECK(Mentions(n, "", "esc", true));
  CHECK(Mentions(n, "app", "seq", true));
  CHECK_FALSE(Mentions(n, "", "ignored_word"));
  CHECK_FALSE(Mentions(n, "", "still_comment"));
  CHECK_FALSE(Mentions(n, "", "body"));
  CHECK(n.created_kind == "function");
  CHECK(n.created.name == "f");
}

TEST_CASE("the object a CREATE creates, past its modifiers and IF NOT EXISTS; none for CREATE INDEX ON") {
  StatementNames view = Read("CREATE OR REPLACE MATERIALIZED VIEW IF NOT EXISTS s.v AS SELECT 1");
  CHECK(view.created_kind == "view");
  CHECK(view.created.schema == "s");
  CHECK(view.created.name == "v");
  CHECK(view.top_level_as);
  StatementNames index = Read("CREATE UNIQUE INDEX CONCURRENTLY ON t (a)");
  CHECK(index.created_kind == "index");
  CHECK(index.created.name.empty());
  StatementNames table = Read("CREATE TABLE t (a int GENERATED ALWAYS AS (1) STORED)");
  CHECK(table.created.name == "t");
  CHECK_FALSE(table.top_level_as);
  CHECK(Read("CREATE EXTENSION citext").created_kind.empty());
}

TEST_CASE("ALTER TABLE ... OWNER TO alone is told from one that does more") {
  CHECK(Read("ALTER TABLE s.seq OWNER TO postgres;").owner_only);
  CHECK(Read("ALTER TABLE \"T\" OWNER TO \"Role\"").owner_only);
  CHECK_FALSE(Read("ALTER TABLE s.t OWNER TO postgres, ADD COLUMN x int;").owner_only);
  CHECK_FALSE(Read("ALTER TABLE s.t ADD COLUMN owner int;").owner_only);
}

TEST_CASE("RENAME ... TO names the new name; SET SCHEMA and U& escapes are flagged") {
  CHECK(Read("ALTER TABLE a RENAME TO b").renamed_to == std::vector<std::string>{"b"});
  CHECK(Read("ALTER TABLE a RENAME COLUMN x TO \"Y\"").renamed_to == std::vector<std::string>{"Y"});
  CHECK(Read("ALTER TABLE a SET SCHEMA b").set_schema);
  CHECK(Read("SELECT U&\"d\\0061t\\+000061\"").unicode_escapes);
  CHECK_FALSE(Read("SELECT u").unicode_escapes);
}

TEST_CASE("a name is cut to 63 bytes, never inside a UTF-8 character") {
  std::string long_name(62, 'a');
  StatementNames n = Read("SELECT " + long_name + "\xC3\xA9" + "z FROM t");
  CHECK(Mentions(n, "", long_name));
}

}  // namespace
}  // namespace backfill
