#include "planner/render/output.h"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "planner/diagnostic.h"

namespace backfill {
namespace {

namespace fs = std::filesystem;

struct TempDir {
  fs::path path = fs::temp_directory_path() / ("output_test." + std::to_string(getpid()));
  TempDir() { fs::create_directories(path); }
  ~TempDir() { fs::remove_all(path); }
  std::string operator/(const std::string& name) const { return (path / name).string(); }
};

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string ErrorOf(const std::function<void()>& write) {
  try {
    write();
  } catch (const InputError& e) {
    CHECK(e.code() == kExitOutput);
    return e.OneLine();
  }
  return "no error";
}

bool OwnsAll(const std::string&, const std::string& head) { return head.rfind("-- mine", 0) == 0; }

}  // namespace

TEST_CASE("WriteFileAtomically: a new file gets 0666 less the umask, a replaced one keeps its mode") {
  TempDir dir;
  mode_t old = umask(027);
  WriteFileAtomically(dir / "plan.md", "one");
  umask(old);
  CHECK((fs::status(dir / "plan.md").permissions() & fs::perms::all) == static_cast<fs::perms>(0640));
  fs::permissions(dir / "plan.md", static_cast<fs::perms>(0600));
  WriteFileAtomically(dir / "plan.md", "two");
  CHECK(Slurp(dir / "plan.md") == "two");
  CHECK((fs::status(dir / "plan.md").permissions() & fs::perms::all) == static_cast<fs::perms>(0600));
  CHECK(std::distance(fs::directory_iterator(dir.path), fs::directory_iterator()) == 1);  // no temporary left
}

TEST_CASE("WriteFileAtomically: a symbolic link is refused, the link and its target kept") {
  TempDir dir;
  std::ofstream(dir / "victim") << "secret";
  fs::create_symlink(dir / "victim", dir / "plan.md");
  CHECK(ErrorOf([&] { WriteFileAtomically(dir / "plan.md", "x"); }) ==
        dir / "plan.md" + ": cannot write output: it is a symbolic link; give the real path "
                          "(backfill-plan neither replaces a link nor writes through one)");
  CHECK(fs::is_symlink(dir / "plan.md"));
  CHECK(Slurp(dir / "victim") == "secret");
}

TEST_CASE("WriteFileAtomically: a FIFO is written in place, a folder refused") {
  TempDir dir;
  REQUIRE(mkfifo((dir / "pipe").c_str(), 0600) == 0);
  int reader = open((dir / "pipe").c_str(), O_RDONLY | O_NONBLOCK);  // so the write does not wait
  REQUIRE(reader >= 0);
  WriteFileAtomically(dir / "pipe", "through");
  char buffer[16] = {};
  CHECK(read(reader, buffer, sizeof buffer) == 7);
  CHECK(std::string(buffer) == "through");
  close(reader);
  CHECK(fs::is_fifo(dir / "pipe"));
  fs::create_directory(dir / "folder");
  CHECK(ErrorOf([&] { WriteFileAtomically(dir / "folder", "x"); }).find("it is a folder") != std::string::npos);
}

TEST_CASE("WriteNewFiles: all or none, and never over an existing name, a dangling link included") {
  TempDir dir;
  fs::create_symlink(dir / "nowhere", dir / "b.sql");
  CHECK(ErrorOf([&] { WriteNewFiles(dir.path.string(), {{"a.sql", "a"}, {"b.sql", "b"}}); }) ==
        dir / "b.sql" + ": a file of this name exists already; nothing was written");
  CHECK_FALSE(fs::exists(dir / "a.sql"));
  CHECK_FALSE(fs::exists(dir / "nowhere"));
  CHECK(std::distance(fs::directory_iterator(dir.path), fs::directory_iterator()) == 1);
  WriteNewFiles(dir.path.string(), {{"a.sql", "a"}, {"c.sql", "c"}});
  CHECK(Slurp(dir / "c.sql") == "c");
}

TEST_CASE("WriteFolderAtomically: replaces a folder of its own files, removes only those") {
  TempDir dir;
  WriteFolderAtomically(dir / "bundle", {{"01.sql", "-- mine 1"}, {"05.sql", "-- mine 5"}}, OwnsAll);
  WriteFolderAtomically(dir / "bundle", {{"01.sql", "-- mine again"}}, OwnsAll);
  CHECK(Slurp(dir / "bundle/01.sql") == "-- mine again");
  CHECK_FALSE(fs::exists(dir / "bundle/05.sql"));
  CHECK(std::distance(fs::directory_iterator(dir.path), fs::directory_iterator()) == 1);  // no staging left
}

TEST_CASE("WriteFolderAtomically: a folder holding anything else is left exactly as it is") {
  TempDir dir;
  fs::create_directory(dir / "bundle");
  std::ofstream(dir / "bundle/01.sql") << "-- mine";
  std::ofstream(dir / "bundle/notes.sql") << "my notes";
  CHECK(ErrorOf([&] { WriteFolderAtomically(dir / "bundle", {{"01.sql", "-- mine new"}}, OwnsAll); }) ==
        dir / "bundle" + ": cannot replace folder: it holds notes.sql, which backfill-plan did not write "
                         "(give an empty or new folder; nothing was changed)");
  CHECK(Slurp(dir / "bundle/01.sql") == "-- mine");
  CHECK(Slurp(dir / "bundle/notes.sql") == "my notes");
  fs::create_directory_symlink(dir / "bundle", dir / "link");
  CHECK(ErrorOf([&] { WriteFolderAtomically(dir / "link", {}, OwnsAll); }).find("is a symbolic link") != std::string::npos);
  CHECK(std::distance(fs::directory_iterator(dir.path), fs::directory_iterator()) == 2);
}

}  // namespace backfill
