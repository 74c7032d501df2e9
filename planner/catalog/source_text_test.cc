#include "planner/catalog/source_text.h"

#include <doctest/doctest.h>

namespace backfill {

TEST_CASE("UTF-8 check: well-formed text passes, and the first bad byte is found") {
  CHECK(FindInvalidUtf8("plain ASCII") == std::string::npos);
  CHECK(FindInvalidUtf8("Ünïcode \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80") == std::string::npos);
  CHECK(FindInvalidUtf8("caf\xe9") == 3);              // Latin-1
  CHECK(FindInvalidUtf8("a\xc0\xaf") == 1);             // overlong '/'
  CHECK(FindInvalidUtf8("a\xe0\x80\xaf") == 1);         // overlong, three bytes
  CHECK(FindInvalidUtf8("a\xed\xa0\x80") == 1);         // a surrogate (U+D800)
  CHECK(FindInvalidUtf8("a\xf4\x90\x80\x80") == 1);     // above U+10FFFF
  CHECK(FindInvalidUtf8("ab\xe6\x97") == 2);            // cut off at the end
  CHECK(FindInvalidUtf8("a\xe6\x41\xa5") == 1);         // a continuation byte missing
}

TEST_CASE("places: line and column count characters, not bytes") {
  SourceText source("f.sql", "SELECT 1;\n-- é\nSELECT x");
  SourcePlace place = source.PlaceOf(std::string("SELECT 1;\n-- é\nSELECT ").size());
  CHECK(place.line == 3);
  CHECK(place.column == 8);
  CHECK(source.PlaceOf(std::string("SELECT 1;\n-- é").size()).column == 5);
  CHECK(source.ExcerptAt(std::string("SELECT 1;\n-- é\nSELECT ").size()) == "SELECT x\n       ^");
}

TEST_CASE("places are right in any order they are asked for, and at the end of the text") {
  SourceText source("f.sql", "a\nbb\nccc\n");  // lines start at 0, 2 and 5
  CHECK(source.PlaceOf(7).line == 3);
  CHECK(source.PlaceOf(7).column == 3);
  CHECK(source.PlaceOf(3).line == 2);
  CHECK(source.PlaceOf(3).column == 2);
  CHECK(source.PlaceOf(0).line == 1);
  CHECK(source.PlaceOf(100).line == 4);
  CHECK(source.PlaceOf(100).column == 1);
  CHECK(source.ExcerptAt(3) == "bb\n ^");
  CHECK(source.PlaceOf(5).line == 3);
  CHECK(source.PlaceOf(4).line == 2);
}

}  // namespace backfill
