#include "planner/code_refs/repository_files.h"

#include <doctest/doctest.h>
#include <git2.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "planner/diagnostic.h"

namespace backfill {
namespace {

namespace fs = std::filesystem;

struct TempFolder {
  fs::path path;
  TempFolder() {
    std::string pattern = (fs::temp_directory_path() / "repository_files_XXXXXX").string();
    path = mkdtemp(pattern.data());
  }
  ~TempFolder() { fs::remove_all(path); }
  void Write(const std::string& relative, const std::string& text = "x\n") const {
    fs::create_directories((path / relative).parent_path());
    std::ofstream(path / relative) << text;
  }
};

// A repository whose index holds `tracked`; files written but not added are untracked.
void InitRepository(const TempFolder& folder, const std::vector<std::string>& tracked) {
  git_libgit2_init();
  git_repository* repo = nullptr;
  REQUIRE(git_repository_init(&repo, folder.path.c_str(), 0) == 0);
  git_index* index = nullptr;
  REQUIRE(git_repository_index(&index, repo) == 0);
  for (const std::string& path : tracked) REQUIRE(git_index_add_bypath(index, path.c_str()) == 0);
  REQUIRE(git_index_write(index) == 0);
  git_index_free(index);
  git_repository_free(repo);
  git_libgit2_shutdown();
}

using Paths = std::vector<std::string>;

TEST_CASE("a git repository: tracked files and untracked ones its ignore rules let through, less vendored and generated") {
  TempFolder repo;
  repo.Write(".gitignore", "tmp/\n*.log\n");
  repo.Write(".gitattributes", "gen/** linguist-generated\nthird/** linguist-vendored\n");
  repo.Write("app/models/order.rb");
  repo.Write("keep.log");            // ignored by name, yet tracked: git shows it
  repo.Write("vendor/gem/order.rb"); // vendored by folder name
  repo.Write("gen/orders_pb.rb");    // generated, by the repository's own attribute
  repo.Write("third/lib.rb");        // vendored, by attribute
  repo.Write("package-lock.json");
  InitRepository(repo, {".gitignore", ".gitattributes", "app/models/order.rb", "keep.log", "vendor/gem/order.rb",
                        "gen/orders_pb.rb", "third/lib.rb", "package-lock.json"});
  repo.Write("lib/new.rb");          // untracked, not ignored
  repo.Write("tmp/cache/order.rb");  // untracked, ignored
  repo.Write("debug.log");           // untracked, ignored
  RepositoryFiles files = ListRepositoryFiles(repo.path.string());
  CHECK(files.from_git);
  CHECK(files.paths == Paths{".gitattributes", ".gitignore", "app/models/order.rb", "gen/orders_pb.rb", "keep.log", "lib/new.rb",
                             "third/lib.rb"});
  // The attributes are asked later, of the files that refer to the column only.
  CHECK(files.marked_generated("gen/orders_pb.rb"));
  CHECK(files.marked_generated("third/lib.rb"));
  CHECK_FALSE(files.marked_generated("app/models/order.rb"));
  SUBCASE("a folder inside the repository: its files, relative to it") {
    RepositoryFiles app = ListRepositoryFiles((repo.path / "app").string());
    CHECK(app.from_git);
    CHECK(app.paths == Paths{"models/order.rb"});
  }
}

TEST_CASE("a folder outside any repository: every file, less vendored and generated folders; links are not followed") {
  TempFolder folder;
  folder.Write("src/order.py");
  folder.Write("node_modules/orm/index.js");
  folder.Write("src/__pycache__/order.cpython-311.pyc");
  folder.Write("web/app.min.js");
  fs::create_directory_symlink("/", folder.path / "root");
  RepositoryFiles files = ListRepositoryFiles(folder.path.string());
  CHECK_FALSE(files.from_git);
  CHECK(files.paths == Paths{"src/order.py"});
}

TEST_CASE("vendored and generated paths") {
  CHECK(IsVendoredOrGenerated("node_modules/x.js"));
  CHECK(IsVendoredOrGenerated("web/vendor/jquery.js"));
  CHECK(IsVendoredOrGenerated("static/app.min.js"));
  CHECK_FALSE(IsVendoredOrGenerated("app/vendors.rb"));
  CHECK_FALSE(IsVendoredOrGenerated("app/models/order.rb"));
}

TEST_CASE("a folder that is not there is a usage error naming it") {
  try {
    ListRepositoryFiles("/nonexistent/app");
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(e.code() == kExitUsage);
    CHECK(e.OneLine().find("/nonexistent/app") != std::string::npos);
  }
}

}  // namespace
}  // namespace backfill
