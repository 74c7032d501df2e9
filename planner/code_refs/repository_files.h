// The files of an application's repository that code references are looked for in: what git
// would show (tracked files, and untracked ones its ignore rules do not exclude), less vendored
// and generated code. Outside a git repository every file under the folder is a candidate, less
// the same vendored and generated folders.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace backfill {

struct RepositoryFiles {
  std::string root;                 // the folder given, as given
  std::vector<std::string> paths;   // relative to root, '/'-separated, sorted
  bool from_git = false;            // listed through the repository's index and ignore rules
  // True for a path the repository's .gitattributes marks linguist-generated or
  // linguist-vendored. Asked only of files that refer to the column: the lookup costs about
  // 15 µs a file, most of the listing's time on a large repository.
  std::function<bool(const std::string& relative_path)> marked_generated = [](const std::string&) { return false; };
};

// Throws InputError (exit 2) when `folder` is not a readable directory.
RepositoryFiles ListRepositoryFiles(const std::string& folder);

// True for a path inside a folder that holds other projects' code or build output
// (node_modules/, vendor/, dist/, ...) or for a file a tool generates (*.min.js, lock files).
bool IsVendoredOrGenerated(const std::string& relative_path);

}  // namespace backfill
