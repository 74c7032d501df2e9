#include "planner/plan/object_names.h"

#include <doctest/doctest.h>

#include <set>

namespace backfill {
namespace {

std::vector<std::string> All(const ObjectNames& n) {
  return {n.backup, n.progress, n.batch, n.begin, n.restore, n.not_null_check};
}

bool ValidUtf8(const std::string& s) {
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += n;
  }
  return true;
}

}  // namespace

TEST_CASE("short names are table_column_role_date") {
  ObjectNames n = NameObjects({"public", "orders"}, "status", "20261121");
  CHECK(n.schema == "public");
  CHECK(n.backup == "orders_status_backup_20261121");
  CHECK(n.progress == "orders_status_progress_20261121");
  CHECK(n.batch == "orders_status_batch_20261121");
  CHECK(n.begin == "orders_status_begin_20261121");
  CHECK(n.restore == "orders_status_restore_20261121");
  CHECK(n.not_null_check == "orders_status_not_null_20261121");
  CHECK(n.Qualified(n.backup) == "public.orders_status_backup_20261121");
}

TEST_CASE("Qualified quotes what needs quotes") {
  ObjectNames n = NameObjects({"Sales", "Order Lines"}, "Status Code", "20261121");
  CHECK(n.backup == "Order Lines_Status Code_backup_20261121");
  CHECK(n.Qualified(n.backup) == "\"Sales\".\"Order Lines_Status Code_backup_20261121\"");
}

TEST_CASE("long names stay within 63 bytes, keep the role and date, and differ by a hash") {
  std::string table(60, 't');
  ObjectNames a = NameObjects({"public", table}, std::string(60, 'a'), "20261121");
  ObjectNames b = NameObjects({"public", table}, std::string(59, 'a') + "b", "20261121");
  for (const std::string& name : All(a)) {
    CHECK(name.size() <= kMaxIdentifierBytes);
    CHECK(name.size() >= kMaxIdentifierBytes - 1);
  }
  CHECK(a.backup.substr(a.backup.size() - 16) == "_backup_20261121");
  CHECK(a.not_null_check.substr(a.not_null_check.size() - 18) == "_not_null_20261121");
  // The two columns differ only past the cut: the hash keeps their objects apart.
  CHECK(a.backup != b.backup);
  CHECK(a.progress != b.progress);
  std::set<std::string> distinct;
  for (const ObjectNames* n : {&a, &b})
    for (const std::string& name : All(*n)) distinct.insert(name);
  CHECK(distinct.size() == 12);
  // The same input always gives the same names (plans are byte-identical run to run).
  CHECK(NameObjects({"public", table}, std::string(60, 'a'), "20261121").backup == a.backup);
}

TEST_CASE("a name exactly at the limit is kept whole; one byte over is hashed") {
  // "_backup_20261121" is 16 bytes: a 47-byte base fits exactly.
  std::string base47 = std::string(40, 'x') + "_" + std::string(6, 'c');
  ObjectNames fits = NameObjects({"public", std::string(40, 'x')}, std::string(6, 'c'), "20261121");
  CHECK(fits.backup == base47 + "_backup_20261121");
  CHECK(fits.backup.size() == 63);
  ObjectNames over = NameObjects({"public", std::string(40, 'x')}, std::string(7, 'c'), "20261121");
  CHECK(over.backup.size() <= 63);
  CHECK(over.backup.find(std::string(7, 'c')) == std::string::npos);
}

TEST_CASE("truncation never splits a UTF-8 character") {
  std::string table;
  for (int i = 0; i < 40; ++i) table += "é";  // 2 bytes each
  std::string column;
  for (int i = 0; i < 20; ++i) column += "日";  // 3 bytes each
  ObjectNames n = NameObjects({"public", table}, column, "20261121");
  for (const std::string& name : All(n)) {
    CHECK(name.size() <= kMaxIdentifierBytes);
    CHECK(ValidUtf8(name));
  }
}

}  // namespace backfill
