// The files of a rename or retype: the sync trigger's directions, the indexes written again from
// the parse tree, and what is left to a person.
#include "planner/plan/expand_contract_files.h"

#include <doctest/doctest.h>

#include "planner/analysis/advisor_test_support.h"
#include "planner/plan/object_names.h"
#include "planner/sql/script_check.h"

namespace backfill {
namespace {

using namespace backfill::testing;

ExpandContractFiles FilesFor(const std::string& ddl, const std::string& requirement) {
  auto b = Bind(ddl, requirement);
  SqlVocabulary v = MakeVocabulary(b->subject, NameObjects(b->subject.table->name, b->subject.column->name, "20260101"));
  ExpandContractFiles files = BuildExpandContractFiles(b->subject, v, "20260101", English());
  for (const BundleFile& f : files.files) CheckScriptParses(f.name, f.content);
  return files;
}

const std::string& Content(const ExpandContractFiles& files, const std::string& name) {
  for (const BundleFile& f : files.files)
    if (f.name == name) return f.content;
  FAIL("no file " << name);
  static const std::string none;
  return none;
}

constexpr const char* kCustomers = R"sql(
CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL, created_at timestamptz);
CREATE INDEX customers_name_idx ON customers (name text_pattern_ops);
CREATE INDEX customers_name_created_idx ON customers (name COLLATE "C" DESC NULLS LAST, created_at);
CREATE INDEX customers_lower_idx ON customers (lower(name));
CREATE INDEX customers_name_inc_idx ON customers (name) INCLUDE (created_at);
CREATE UNIQUE INDEX customers_name_key ON customers (name) WHERE created_at IS NOT NULL;
CREATE VIEW named AS SELECT id, name FROM customers;
)sql";

TEST_CASE("expand-contract files: indexes of the old column are written again for the new one") {
  ExpandContractFiles files = FilesFor(kCustomers, R"({"target": "customers.name", "kind": "rename", "to": "full_name"})");
  const std::string& copy = Content(files, "06_copy_indexes.sql");
  CHECK(Contains(copy, "CREATE INDEX CONCURRENTLY IF NOT EXISTS customers_name_idx_copy_20260101 ON public.customers USING btree "
                       "(full_name text_pattern_ops);"));
  CHECK(Contains(copy, "(full_name COLLATE \"C\" DESC NULLS LAST, created_at);"));
  CHECK(Contains(copy, "(full_name) INCLUDE (created_at);"));
  CHECK(Contains(copy, "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS customers_name_key_copy_20260101 ON public.customers USING "
                       "btree (full_name) WHERE created_at IS NOT NULL;"));
  // An expression of the old column is not rewritten: it is a person's to build, before 08 drops it.
  CHECK_FALSE(Contains(copy, "lower"));
  REQUIRE(files.by_hand.size() == 2);
  CHECK(Contains(files.by_hand[0], "index public.customers_lower_idx reads name"));
  CHECK(Contains(files.by_hand[1], "view public.named reads name"));
  // The contract gives the copies the old names back.
  const std::string& contract = Content(files, "08_contract.sql");
  CHECK(Contains(contract, "ALTER INDEX public.customers_name_idx_copy_20260101 RENAME TO customers_name_idx;"));
  CHECK(Contains(contract, "ALTER TABLE public.customers DROP COLUMN IF EXISTS name;"));
  // What is left to a person is counted before the drop: as many indexes and CHECKs must read the copy.
  CHECK(Contains(contract, "fewer indexes read the new column than the original one"));
  // Undoing the expand takes the copy's backup with it: its 'applied' entries would tell a later
  // copy that every row is done, and the contract would drop the column with its values uncopied.
  CHECK(Contains(Content(files, "80_undo_expand.sql"), "DROP TABLE IF EXISTS public.customers_full_name_backup_20260101;"));
}

// A foreign key from the old column is added again from the new one, with its actions; the
// contract gives it the old name once the old one went with the column.
TEST_CASE("expand-contract files: foreign keys of the old column are added for the new one") {
  ExpandContractFiles files = FilesFor(R"sql(
CREATE TABLE customers (id bigint PRIMARY KEY, code int UNIQUE);
CREATE TABLE orders (id bigint PRIMARY KEY, customer_code int,
  CONSTRAINT orders_customer_fk FOREIGN KEY (customer_code) REFERENCES customers (code) MATCH FULL ON DELETE CASCADE DEFERRABLE);
)sql", R"({"target": "orders.customer_code", "kind": "retype", "to": "customer_ref", "type": "bigint"})");
  const std::string& copy = Content(files, "06_copy_indexes.sql");
  CHECK(Contains(copy, "ALTER TABLE public.orders ADD CONSTRAINT orders_customer_fk_copy_20260101 FOREIGN KEY (customer_ref) "
                       "REFERENCES public.customers (code) MATCH FULL ON DELETE CASCADE DEFERRABLE NOT VALID;"));
  CHECK(Contains(copy, "ALTER TABLE public.orders VALIDATE CONSTRAINT orders_customer_fk_copy_20260101;"));
  CHECK(Contains(Content(files, "86_undo_copy_indexes.sql"), "DROP CONSTRAINT IF EXISTS orders_customer_fk_copy_20260101;"));
  CHECK(Contains(Content(files, "08_contract.sql"),
                 "ALTER TABLE public.orders RENAME CONSTRAINT orders_customer_fk_copy_20260101 TO orders_customer_fk;"));
  CHECK(files.by_hand.empty());
}

// A unique constraint's index, copied as a plain unique index, becomes the constraint again.
TEST_CASE("expand-contract files: a unique constraint comes back as the constraint") {
  ExpandContractFiles files = FilesFor("CREATE TABLE users (id bigint PRIMARY KEY, handle text, CONSTRAINT users_handle_key UNIQUE (handle));",
                                       R"({"target": "users.handle", "kind": "rename", "to": "login"})");
  CHECK(Contains(Content(files, "06_copy_indexes.sql"), "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS users_handle_key_copy_20260101"));
  CHECK(Contains(Content(files, "08_contract.sql"),
                 "ALTER TABLE public.users ADD CONSTRAINT users_handle_key UNIQUE USING INDEX users_handle_key_copy_20260101;"));
}

// Without `reverse` nothing writes the old column: old versions must be gone before new ones write.
TEST_CASE("expand-contract files: the trigger copies back only when there is a way back") {
  constexpr const char* kProducts = "CREATE TABLE products (id bigint PRIMARY KEY, price numeric(12,2));";
  std::string both = Content(FilesFor(kProducts, R"({"target": "products.price", "kind": "retype", "to": "cents", "type": "bigint",
                                                     "using": "round(price * 100)::bigint", "reverse": "cents / 100.0"})"),
                             "00_expand.sql");
  CHECK(Contains(both, "NEW.cents := (SELECT round(price * 100)::bigint FROM (SELECT NEW.*) AS products);"));
  CHECK(Contains(both, "NEW.price := (SELECT cents / 100.0 FROM (SELECT NEW.*) AS products);"));
  std::string one = Content(FilesFor(kProducts, R"({"target": "products.price", "kind": "retype", "to": "cents", "type": "bigint",
                                                    "using": "round(price * 100)::bigint"})"),
                            "00_expand.sql");
  CHECK(Contains(one, "NEW.cents := (SELECT round(price * 100)::bigint"));
  CHECK_FALSE(Contains(one, "NEW.price :="));
  CHECK(Contains(one, "old versions must be gone before new ones write it"));
}

// A copy computed from other columns too is computed again when any of them changes.
TEST_CASE("expand-contract files: the copy follows every column `using` reads") {
  std::string expand = Content(FilesFor("CREATE TABLE lines (id bigint PRIMARY KEY, price numeric, qty int);",
                                        R"({"target": "lines.price", "kind": "retype", "to": "total_cents", "type": "bigint",
                                            "using": "round(price * qty * 100)::bigint"})"),
                               "00_expand.sql");
  CHECK(Contains(expand, "ELSIF (NEW.price IS DISTINCT FROM OLD.price OR NEW.qty IS DISTINCT FROM OLD.qty) AND "
                         "NEW.total_cents IS NOT DISTINCT FROM OLD.total_cents THEN"));
}

// Every name reaches the SQL quoted for where it stands, the function's search_path pinned.
TEST_CASE("expand-contract files: hostile names are quoted") {
  ExpandContractFiles files = FilesFor(R"sql(CREATE TABLE "T; --" (id int PRIMARY KEY, "a""b" text);)sql",
                                       R"({"target": "\"T; --\".\"a\"\"b\"", "kind": "rename", "to": "c'); DROP TABLE x; --"})");
  const std::string& expand = Content(files, "00_expand.sql");
  CHECK(Contains(expand, "ALTER TABLE public.\"T; --\" ADD COLUMN IF NOT EXISTS \"c'); DROP TABLE x; --\" text;"));
  CHECK(Contains(expand, "NEW.\"c'); DROP TABLE x; --\" := NEW.\"a\"\"b\";"));
  CHECK(Contains(expand, "SET search_path = pg_catalog, pg_temp"));
}

constexpr const char* kAccounts = R"sql(
CREATE TABLE accounts (id serial PRIMARY KEY, email text);
CREATE TABLE invoices (id bigint PRIMARY KEY, account_id int NOT NULL REFERENCES accounts (id) ON DELETE CASCADE);
CREATE TABLE "Audit" (id bigint PRIMARY KEY, "Account" bigint REFERENCES accounts);
)sql";

TEST_CASE("expand-contract files: a primary key widened is built beside, swapped in, and can be swapped back") {
  ExpandContractFiles files = FilesFor(kAccounts, R"({"target": "accounts.id", "kind": "retype", "type": "bigint"})");
  const std::string& copy = Content(files, "06_copy_indexes.sql");
  CHECK(Contains(copy, "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS accounts_pkey_copy_20260101 ON public.accounts USING btree (id_new);"));
  // Each reference is made again to the copy, NOT VALID then validated, keeping its actions.
  CHECK(Contains(copy, "ALTER TABLE public.invoices ADD CONSTRAINT invoices_account_id_fkey_copy_20260101 FOREIGN KEY (account_id) "
                       "REFERENCES public.accounts (id_new) ON DELETE CASCADE NOT VALID;"));
  CHECK(Contains(copy, "ALTER TABLE public.\"Audit\" ADD CONSTRAINT \"Audit_Account_fkey_copy_20260101\" FOREIGN KEY (\"Account\") "
                       "REFERENCES public.accounts (id_new) NOT VALID;"));
  const std::string& sw = Content(files, "07_switch.sql");
  // The table is locked first, waiting; then the referencing tables, in name order, NOWAIT (a wait
  // there could deadlock with the application, which takes them in either order).
  size_t audit = sw.find("LOCK TABLE public.\"Audit\" IN ACCESS EXCLUSIVE MODE NOWAIT;"),
         invoices = sw.find("LOCK TABLE public.invoices IN ACCESS EXCLUSIVE MODE NOWAIT;"),
         accounts = sw.find("LOCK TABLE public.accounts IN ACCESS EXCLUSIVE MODE;");
  CHECK(accounts < audit);
  CHECK(audit < invoices);
  CHECK(invoices != std::string::npos);
  CHECK(Contains(sw, "ALTER TABLE public.invoices DROP CONSTRAINT invoices_account_id_fkey;"));
  CHECK(Contains(sw, "ALTER TABLE public.accounts ADD CONSTRAINT accounts_pkey PRIMARY KEY USING INDEX accounts_pkey_copy_20260101;"));
  CHECK(Contains(sw, "RENAME CONSTRAINT invoices_account_id_fkey_copy_20260101 TO invoices_account_id_fkey;"));
  CHECK(Contains(sw, "EXECUTE format('ALTER SEQUENCE %s AS bigint', v_sequence::regclass);"));
  CHECK(Contains(sw, "ALTER TABLE public.accounts RENAME COLUMN id TO id_old;"));
  CHECK(Contains(sw, "ALTER TABLE public.accounts RENAME COLUMN id_new TO id;"));
  // After the switch the trigger keeps the original in step: what fits, else NULL.
  CHECK(Contains(sw, "NEW.id_old := (SELECT CASE WHEN id BETWEEN -2147483648 AND 2147483647 THEN CAST(id AS integer) END"));
  const std::string& undo = Content(files, "87_undo_switch.sql");
  CHECK(Contains(undo, "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS accounts_pkey_back_20260101 ON public.accounts USING btree (id_old);"));
  CHECK(Contains(undo, "REFERENCES public.accounts (id_old) ON DELETE CASCADE NOT VALID;"));
  CHECK(Contains(undo, "ALTER TABLE public.accounts ADD CONSTRAINT accounts_pkey PRIMARY KEY USING INDEX accounts_pkey_back_20260101;"));
  CHECK(Contains(undo, "EXECUTE format('ALTER SEQUENCE %s AS integer', v_sequence::regclass);"));
  CHECK(Contains(undo, "ALTER TABLE public.accounts RENAME COLUMN id_old TO id;"));
  // The contract runs after the switch: it drops the original under its swapped name, and the
  // key's copy (the key now) is not renamed again.
  const std::string& contract = Content(files, "08_contract.sql");
  CHECK(Contains(contract, "DROP COLUMN IF EXISTS id_old;"));
  CHECK_FALSE(Contains(contract, "accounts_pkey_copy"));
  CHECK(Contains(contract, "run 07_switch.sql first"));
  // The referencing integer column overflows with the key: its own plan is named.
  REQUIRE(files.by_hand.size() == 1);
  CHECK(Contains(files.by_hand[0], "{\"target\": \"public.invoices.account_id\", \"kind\": \"retype\", \"type\": \"bigint\"}"));
  REQUIRE(files.phases.size() == 5);
  CHECK(files.phases[3].run == "07_switch.sql");
  CHECK(files.phases[3].undo == "87_undo_switch.sql");
}

TEST_CASE("expand-contract files: a retype that keeps the name without a way back drops the trigger at the switch") {
  ExpandContractFiles files =
      FilesFor("CREATE TABLE t (id bigint PRIMARY KEY, v text NOT NULL);", R"j({"target": "t.v", "kind": "retype", "type": "varchar(40)"})j");
  const std::string& sw = Content(files, "07_switch.sql");
  CHECK(Contains(sw, "DROP TRIGGER zz_t_v_new_sync_20260101 ON public.t;"));
  CHECK_FALSE(Contains(sw, "CREATE OR REPLACE FUNCTION"));
  CHECK_FALSE(Contains(sw, "PRIMARY KEY"));
  for (const BundleFile& f : files.files) CHECK(f.name != "87_undo_switch.sql");
  REQUIRE(files.phases.size() == 4);  // no indexes to copy
  CHECK(files.phases[2].run == "07_switch.sql");
  CHECK(files.phases[2].undo == "none: without `reverse` the original is not kept in step");
}

}  // namespace
}  // namespace backfill
