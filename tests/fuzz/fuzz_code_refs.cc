// libFuzzer target: the code reference finder (planner/code_refs) on any file content, under
// every language the path can give it. Whatever the bytes, it must not crash, and every place
// it reports must be a line of the file whose text is printable, valid UTF-8 and at most 120
// bytes (the JSON plan and the Markdown carry them as they are).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "planner/code_refs/code_refs.h"
#include "planner/diagnostic.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static const char* const kPaths[] = {"app/models/order.rb", "shop/models.py", "src/orders.ts", "prisma/schema.prisma",
                                       "models/order.go", "src/order.rs", "lib/order.ex", "db/queries/orders.sql",
                                       "db/migrate/1_add.rb", "spec/order_spec.rb"};
  std::string path = kPaths[data[0] % (sizeof kPaths / sizeof kPaths[0])];
  std::string content(reinterpret_cast<const char*>(data) + 1, size - 1);
  static const backfill::ReferenceFinder finder({"public", "orders", "status", {"payments", "purchase_orders"}});
  size_t lines = 1;
  for (char c : content) lines += c == '\n';
  for (const backfill::CodeReference& r : finder.Find(path, content)) {
    if (r.line < 1 || static_cast<size_t>(r.line) > lines) abort();
    if (r.text.size() > 120 || backfill::PrintableText(r.text) != r.text) abort();
    if (r.construct.empty()) abort();
  }
  return 0;
}
