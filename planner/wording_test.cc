#include <doctest/doctest.h>

#include "planner/wording.h"

namespace backfill {
namespace {

TEST_CASE("wording: the reader's language picks the sentence") {
  CHECK(Wording(Language::kEnglish)("batch", "バッチ") == "batch");
  CHECK(Wording(Language::kJapanese)("batch", "バッチ") == "バッチ");
}

TEST_CASE("wording: language codes round-trip, and unknown codes are refused") {
  for (Language l : {Language::kEnglish, Language::kJapanese}) CHECK(LanguageFromCode(LanguageCode(l)) == l);
  CHECK_FALSE(LanguageFromCode("de"));
  CHECK_FALSE(LanguageFromCode("EN"));
}

}  // namespace
}  // namespace backfill
