#include "planner/diagnostic.h"

#include <doctest/doctest.h>

namespace backfill {

TEST_CASE("PrintableText: control characters, separators and bidi controls are escaped") {
  CHECK(PrintableText("plain text, caf\xc3\xa9, \xe6\xb3\xa8\xe6\x96\x87 and C:\\path") ==
        "plain text, caf\xc3\xa9, \xe6\xb3\xa8\xe6\x96\x87 and C:\\path");
  CHECK(PrintableText("a\nb\rc\td") == "a\\nb\\rc\\td");
  CHECK(PrintableText(std::string("nul\0here", 8)) == "nul\\x00here");
  CHECK(PrintableText("\x01\x1b[31mred\x7f") == "\\x01\\x1b[31mred\\x7f");
  CHECK(PrintableText("c1 \xc2\x85 next line") == "c1 \\x85 next line");
  CHECK(PrintableText("\xe2\x80\xa8 and \xe2\x80\xa9") == "\\u2028 and \\u2029");
  CHECK(PrintableText("abc\xe2\x80\xaetxt.exe") == "abc\\u202etxt.exe");
  CHECK(PrintableText("\xe2\x80\xaa\xe2\x81\xa6\xe2\x81\xa9") == "\\u202a\\u2066\\u2069");
}

TEST_CASE("PrintableText: bytes that are not UTF-8 are escaped one by one") {
  CHECK(PrintableText("caf\xe9") == "caf\\xe9");
  CHECK(PrintableText("\xc0\xaf") == "\\xc0\\xaf");          // overlong '/'
  CHECK(PrintableText("\xed\xa0\x80") == "\\xed\\xa0\\x80");  // a surrogate
  CHECK(PrintableText("cut \xe6\xb3") == "cut \\xe6\\xb3");
}

TEST_CASE("InputError::OneLine: an echoed newline cannot start a second line") {
  InputError e({"req\n.json", 2, 3}, "unknown key \"a\nb\"", "did you mean \x1b]0;x?");
  CHECK(e.OneLine() == "req\\n.json:2:3: unknown key \"a\\nb\" (did you mean \\x1b]0;x?)");
}

TEST_CASE("InputError::OneLine: a NUL in an echoed value does not cut the message short") {
  InputError e({"req.json", 1, 2}, std::string("\"kind\" must be fill or fix, not \"fi\0x\"", 38));
  CHECK(e.OneLine() == "req.json:1:2: \"kind\" must be fill or fix, not \"fi\\x00x\"");
}

TEST_CASE("InputError::PrintableExcerpt: the caret stays under the character after escapes") {
  InputError e({"s.sql", 1, 5}, "syntax error", {}, std::string("a\x01\tb,c\n  \t ^"));
  CHECK(e.PrintableExcerpt() == "a\\x01\tb,c\n     \t ^");
}

}  // namespace backfill
