// Writing results without ever leaving a partial file: everything goes to a temporary name
// beside the destination and is renamed into place only when complete.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace backfill {

// Throws InputError (exit code kExitOutput) when the folder is missing or not writable.
void WriteFileAtomically(const std::string& path, const std::string& content);

// Writes every file into a new folder and swaps it in for `dir` as a whole; an existing
// folder is replaced, never merged (only if it looks like a bundle: holds only .sql files).
void WriteFolderAtomically(const std::string& dir, const std::vector<std::pair<std::string, std::string>>& files);

}  // namespace backfill
