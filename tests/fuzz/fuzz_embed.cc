// libFuzzer target: the re-writing of expression text for embedding (planner/sql/embed.h).
// For any text that parses as one expression, the emitted form must parse to the same tree,
// hold no control character (so no line break a psql command could follow), and be stable
// (re-writing it again changes nothing).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "planner/sql/embed.h"
#include "planner/sql/quote.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  if (text.find('\0') != std::string::npos) return 0;
  std::string emitted;
  try {
    emitted = backfill::EmbeddableExpression(text);
  } catch (const backfill::EmbedError&) {
    abort();  // parsed, but could not be re-written to the same tree
  } catch (const backfill::EmbedRefused&) {
    return 0;  // text no quoting can write on one line: refused as bad input
  }
  if (!backfill::SameExpressionTree(text, text)) return 0;  // not one expression: nothing to embed
  if (!backfill::SameExpressionTree(text, emitted)) abort();
  for (char c : emitted)
    if (backfill::IsControlByte(c)) abort();
  if (backfill::EmbeddableExpression(emitted) != emitted) abort();
  return 0;
}
