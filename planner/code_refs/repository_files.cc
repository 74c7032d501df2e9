#include "planner/code_refs/repository_files.h"

#include <git2.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <memory>
#include <optional>

#include "planner/code_refs/source_file.h"
#include "planner/diagnostic.h"

namespace backfill {
namespace {

namespace fs = std::filesystem;

// Folders whose code the application did not write: package managers' trees, copies of other
// projects, and what a build or a test run leaves behind.
constexpr std::array<const char*, 22> kVendoredFolders = {
    "node_modules", "bower_components", "jspm_packages", "vendor",   "vendors",   "third_party",    "third-party", "external",
    "__pycache__",  ".venv",            "venv",          "site-packages", ".tox", ".bundle",  "dist",        "build",
    "target",       "coverage",         ".next",         ".nuxt",    "__generated__", ".git"};

bool IsGeneratedFileName(const std::string& name) {
  static const char* const kNames[] = {"package-lock.json", "yarn.lock", "pnpm-lock.yaml", "Gemfile.lock", "poetry.lock",
                                       "Cargo.lock", "go.sum", "composer.lock"};
  for (const char* n : kNames)
    if (name == n) return true;
  for (const char* tail : {".min.js", ".min.css", ".map", ".pb.go", "_pb2.py", ".generated.ts", ".g.dart"})
    if (EndsWith(name, tail)) return true;
  return false;
}

// libgit2 handles. The repository outlives the listing (marked_generated asks it later), so it
// holds the library's initialisation with it.
template <typename T, void (*Free)(T*)>
using GitPtr = std::unique_ptr<T, decltype([](T* p) { Free(p); })>;
std::shared_ptr<git_repository> OpenRepository(const fs::path& folder) {
  git_libgit2_init();
  git_repository* raw = nullptr;
  if (git_repository_open_ext(&raw, folder.c_str(), 0, nullptr) != 0) {
    git_libgit2_shutdown();
    return nullptr;
  }
  return std::shared_ptr<git_repository>(raw, [](git_repository* r) {
    git_repository_free(r);
    git_libgit2_shutdown();
  });
}
using Index = GitPtr<git_index, git_index_free>;
using StatusList = GitPtr<git_status_list, git_status_list_free>;

// The path of `folder` inside the work tree, '/'-terminated ("" for the work tree itself), or
// nullopt when the folder is not inside it.
std::optional<std::string> PrefixInWorkTree(const fs::path& folder, const char* workdir) {
  std::error_code ec;
  fs::path root = fs::canonical(workdir, ec);
  if (ec) return std::nullopt;
  fs::path relative = folder.lexically_relative(root);
  if (relative.empty() || *relative.begin() == "..") return std::nullopt;
  std::string prefix = relative.generic_string();
  return prefix == "." ? std::string() : prefix + "/";
}

// Attributes a repository can set on its own generated or vendored files (.gitattributes), as
// GitHub's linguist reads them.
bool MarkedGeneratedOrVendored(git_repository* repo, const std::string& path) {
  const char* names[] = {"linguist-generated", "linguist-vendored"};
  const char* values[2] = {nullptr, nullptr};
  if (git_attr_get_many(values, repo, 0, path.c_str(), 2, names) != 0) return false;
  return GIT_ATTR_IS_TRUE(values[0]) || GIT_ATTR_IS_TRUE(values[1]);
}

// Tracked files from the index (a symbolic link or a submodule is not a file to read) and
// untracked files the ignore rules let through, under `prefix`.
bool ListFromGit(const fs::path& folder, RepositoryFiles& out) {
  std::shared_ptr<git_repository> repo = OpenRepository(folder);
  if (!repo) return false;
  const char* workdir = git_repository_workdir(repo.get());
  if (!workdir) return false;
  std::optional<std::string> prefix = PrefixInWorkTree(folder, workdir);
  if (!prefix) return false;
  std::vector<std::string> found;
  auto keep = [&](const std::string& path) {
    if (path.compare(0, prefix->size(), *prefix) != 0) return;
    std::string relative = path.substr(prefix->size());
    if (!IsVendoredOrGenerated(relative)) found.push_back(relative);
  };
  git_index* raw_index = nullptr;
  if (git_repository_index(&raw_index, repo.get()) != 0) return false;
  Index index(raw_index);
  for (size_t i = 0, n = git_index_entrycount(index.get()); i < n; ++i) {
    const git_index_entry* entry = git_index_get_byindex(index.get(), i);
    if (entry && (entry->mode & 0170000) == 0100000 && git_index_entry_stage(entry) == 0) keep(entry->path);
  }
  git_status_options options = GIT_STATUS_OPTIONS_INIT;
  options.show = GIT_STATUS_SHOW_WORKDIR_ONLY;
  options.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS | GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
  std::string spec = *prefix;
  char* spec_text = spec.data();
  if (!spec.empty()) options.pathspec = {&spec_text, 1};
  git_status_list* raw_status = nullptr;
  if (git_status_list_new(&raw_status, repo.get(), &options) != 0) return false;
  StatusList status(raw_status);
  for (size_t i = 0, n = git_status_list_entrycount(status.get()); i < n; ++i) {
    const git_status_entry* entry = git_status_byindex(status.get(), i);
    if (entry->status & GIT_STATUS_WT_NEW) keep(entry->index_to_workdir->new_file.path);
  }
  std::sort(found.begin(), found.end());
  found.erase(std::unique(found.begin(), found.end()), found.end());
  out.paths = std::move(found);
  out.from_git = true;
  out.marked_generated = [repo, prefix = *prefix](const std::string& relative) {
    return MarkedGeneratedOrVendored(repo.get(), prefix + relative);
  };
  return true;
}

// Every regular file under the folder; symbolic links are not followed, so the walk stays inside.
void ListFromFileSystem(const fs::path& folder, RepositoryFiles& out) {
  std::error_code ec;
  fs::recursive_directory_iterator it(folder, fs::directory_options::skip_permission_denied, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    const fs::directory_entry& entry = *it;
    std::string relative = entry.path().lexically_relative(folder).generic_string();
    if (entry.is_symlink(ec)) continue;
    if (entry.is_directory(ec)) {
      if (IsVendoredOrGenerated(relative + "/")) it.disable_recursion_pending();
      continue;
    }
    if (entry.is_regular_file(ec) && !IsVendoredOrGenerated(relative)) out.paths.push_back(relative);
  }
  std::sort(out.paths.begin(), out.paths.end());
}

}  // namespace

bool IsVendoredOrGenerated(const std::string& relative_path) {
  size_t start = 0;
  while (true) {
    size_t slash = relative_path.find('/', start);
    std::string part = relative_path.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    if (slash == std::string::npos) return IsGeneratedFileName(part);
    for (const char* folder : kVendoredFolders)
      if (part == folder) return true;
    start = slash + 1;
  }
}

RepositoryFiles ListRepositoryFiles(const std::string& folder) {
  std::error_code ec;
  if (!fs::is_directory(folder, ec))
    throw InputError({"--app-dir"}, "\"" + folder + "\" is not a folder", "give the application's repository folder", {},
                     kExitUsage);
  fs::path canonical = fs::canonical(folder, ec);
  if (ec) throw InputError({"--app-dir"}, "cannot read the folder \"" + folder + "\"", "check its permissions", {}, kExitUsage);
  RepositoryFiles out;
  out.root = folder;
  if (!ListFromGit(canonical, out)) ListFromFileSystem(canonical, out);
  return out;
}

}  // namespace backfill
