#include "planner/render/template_file.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>

#include "planner/diagnostic.h"

namespace backfill {
namespace {

namespace fs = std::filesystem;

std::string Nested(int depth) {
  std::string text;
  for (int i = 0; i < depth; ++i) text += "{{#a}}";
  for (int i = 0; i < depth; ++i) text += "{{/a}}";
  return text;
}

std::string ErrorOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.OneLine();
  }
  return "no error";
}

}  // namespace

TEST_CASE("CheckTemplateNesting: 32 levels pass, the 33rd section is refused where it opens") {
  CHECK_NOTHROW(CheckTemplateNesting("t", Nested(32)));
  CHECK_NOTHROW(CheckTemplateNesting("t", Nested(20) + Nested(20)));  // siblings do not add up
  CHECK(ErrorOf([] { CheckTemplateNesting("t", "line\n" + Nested(33)); }) ==
        "t:2:193: mustache sections nest deeper than 32 levels (flatten the template)");
  std::string inverted;
  for (int i = 0; i < 33; ++i) inverted += "{{^a}}";
  CHECK_THROWS_AS(CheckTemplateNesting("t", inverted), InputError);
}

TEST_CASE("CheckTemplateNesting: follows set-delimiter tags and skips triple mustaches") {
  std::string text = "{{{x}}}{{=<% %>=}}";
  for (int i = 0; i < 33; ++i) text += "<%#a%>";
  CHECK_THROWS_AS(CheckTemplateNesting("t", text), InputError);
  CHECK_NOTHROW(CheckTemplateNesting("t", "{{=<% %>=}}" + Nested(40)));  // no longer tags
}

TEST_CASE("ReadTemplateFile: a link out of the folder is refused, one inside it is read") {
  fs::path dir = fs::temp_directory_path() / ("template_file_test." + std::to_string(getpid()));
  fs::create_directories(dir / "t");
  std::ofstream(dir / "t/real.mustache") << "# {{{x}}}";
  std::ofstream(dir / "outside.mustache") << "secret";
  fs::create_symlink(dir / "t/real.mustache", dir / "t/inside.mustache");
  fs::create_symlink(dir / "outside.mustache", dir / "t/out.mustache");
  std::string folder = (dir / "t").string();
  CHECK(ReadTemplateFile(folder, "inside.mustache") == "# {{{x}}}");
  CHECK(ErrorOf([&] { ReadTemplateFile(folder, "out.mustache"); }) ==
        folder + "/out.mustache: template is a symbolic link leading out of " + folder + " (put the file itself in the folder)");
  std::ofstream(dir / "t/big.mustache") << std::string(kMaxTemplateBytes + 1, 'x');
  CHECK(ErrorOf([&] { ReadTemplateFile(folder, "big.mustache"); }).find("larger than the limit of 1 MiB") != std::string::npos);
  fs::remove_all(dir);
}

}  // namespace backfill
