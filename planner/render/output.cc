#include "planner/render/output.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "planner/diagnostic.h"

namespace backfill {
namespace fs = std::filesystem;
namespace {

[[noreturn]] void Fail(const std::string& path, const std::string& message, const std::string& suggestion = {}) {
  throw InputError({path}, message, suggestion, {}, kExitOutput);
}

std::string TemporarySibling(const fs::path& path) {
  return (path.parent_path() / ("." + path.filename().string() + ".tmp." + std::to_string(getpid()))).string();
}

void CheckParentExists(const fs::path& path) {
  fs::path parent = path.parent_path();
  std::error_code ec;
  if (!parent.empty() && !fs::is_directory(parent, ec))
    Fail(path.string(), "cannot write output: folder " + parent.string() + " does not exist", "create it first");
}

void WritePlainFile(const fs::path& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  out.close();
  if (!out) Fail(path.string(), "cannot write output file");
}

}  // namespace

void WriteFileAtomically(const std::string& path_text, const std::string& content) {
  fs::path path(path_text);
  CheckParentExists(path);
  std::error_code ec;
  if (fs::is_directory(path, ec)) Fail(path_text, "cannot write output: it is a folder", "give a file name");
  std::string temporary = TemporarySibling(path);
  try {
    WritePlainFile(temporary, content);
  } catch (...) {
    fs::remove(temporary, ec);
    throw;
  }
  fs::rename(temporary, path, ec);
  if (ec) {
    fs::remove(temporary, ec);
    Fail(path_text, "cannot write output file: " + ec.message());
  }
}

void WriteFolderAtomically(const std::string& dir_text, const std::vector<std::pair<std::string, std::string>>& files) {
  fs::path dir(dir_text);
  while (dir.has_filename() == false && dir.has_parent_path() && dir != dir.root_path()) dir = dir.parent_path();
  CheckParentExists(dir);
  std::error_code ec;
  bool exists = fs::exists(dir, ec);
  if (exists && !fs::is_directory(dir, ec)) Fail(dir_text, "cannot write the SQL bundle: it is a file", "give a folder name");
  if (exists) {
    for (const auto& entry : fs::directory_iterator(dir, ec))
      if (!entry.is_regular_file() || entry.path().extension() != ".sql")
        Fail(dir_text, "cannot replace folder: it holds " + entry.path().filename().string() + ", which is not part of a bundle",
             "give an empty or new folder");
  }
  fs::path staging = TemporarySibling(dir);
  fs::remove_all(staging, ec);
  if (!fs::create_directory(staging, ec)) Fail(dir_text, "cannot create the SQL bundle folder: " + ec.message());
  try {
    for (const auto& [name, content] : files) WritePlainFile(staging / name, content);
  } catch (...) {
    fs::remove_all(staging, ec);
    throw;
  }
  fs::path old = dir.parent_path() / ("." + dir.filename().string() + ".old." + std::to_string(getpid()));
  if (exists) fs::rename(dir, old, ec);
  fs::rename(staging, dir, ec);
  if (ec) {
    if (exists) fs::rename(old, dir, ec);
    fs::remove_all(staging, ec);
    Fail(dir_text, "cannot move the SQL bundle into place");
  }
  if (exists) fs::remove_all(old, ec);
}

}  // namespace backfill
