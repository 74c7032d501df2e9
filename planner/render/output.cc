#include "planner/render/output.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <optional>
#include <random>

#include "planner/diagnostic.h"
#include "planner/unique_fd.h"

namespace backfill {
namespace fs = std::filesystem;
namespace {

[[noreturn]] void Fail(const std::string& path, const std::string& message, const std::string& suggestion = {}) {
  throw InputError({path}, message, suggestion, {}, kExitOutput);
}

std::string ErrnoText(int error = errno) { return std::strerror(error); }

// Twelve characters from 62: a name nobody can guess in advance to plant a link at.
std::string RandomSuffix() {
  static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  std::random_device random;  // the kernel's generator on Linux
  std::uniform_int_distribution<size_t> pick(0, sizeof kAlphabet - 2);
  std::string suffix;
  for (int i = 0; i < 12; ++i) suffix += kAlphabet[pick(random)];
  return suffix;
}

fs::path FolderOf(const fs::path& path) { return path.parent_path().empty() ? fs::path(".") : path.parent_path(); }

// ".plan.md.Xy3...tmp" beside the destination: hidden, and recognisably the tool's.
fs::path TemporaryName(const fs::path& destination) {
  return FolderOf(destination) / ("." + destination.filename().string() + "." + RandomSuffix() + ".tmp");
}

struct TemporaryFile {
  fs::path path;
  UniqueFd fd;
};

// O_EXCL|O_NOFOLLOW: the name is new, and a link someone made there in the meantime is never
// followed. Mode 0666 lets the umask decide, as for any file a program creates.
TemporaryFile CreateTemporaryFile(const fs::path& destination) {
  for (int attempt = 0; attempt < 100; ++attempt) {
    fs::path name = TemporaryName(destination);
    int fd = open(name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (fd >= 0) return {name, UniqueFd(fd)};
    if (errno != EEXIST) Fail(destination.string(), "cannot write output file: " + ErrnoText());
  }
  Fail(destination.string(), "cannot write output file: no free temporary name");
}

void WriteAll(int fd, const std::string& content, const std::string& path) {
  size_t done = 0;
  while (done < content.size()) {
    ssize_t n = write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) Fail(path, "cannot write output file: " + ErrnoText());
    done += static_cast<size_t>(n);
  }
}

// Writes the content to a new temporary file beside `destination` and closes it; the caller
// renames it into place, or removes it.
fs::path WriteTemporaryFile(const fs::path& destination, const std::string& content, const mode_t* keep_mode) {
  TemporaryFile file = CreateTemporaryFile(destination);
  try {
    if (keep_mode && fchmod(file.fd.get(), *keep_mode) != 0) Fail(destination.string(), "cannot write output file: " + ErrnoText());
    WriteAll(file.fd.get(), content, destination.string());
    if (fsync(file.fd.get()) != 0 && errno != EINVAL) Fail(destination.string(), "cannot write output file: " + ErrnoText());
    if (!file.fd.Close()) Fail(destination.string(), "cannot write output file: " + ErrnoText());
  } catch (...) {
    unlink(file.path.c_str());
    throw;
  }
  return file.path;
}

void CheckParentExists(const fs::path& path) {
  std::error_code ec;
  if (!path.parent_path().empty() && !fs::is_directory(path.parent_path(), ec))
    Fail(path.string(), "cannot write output: folder " + path.parent_path().string() + " does not exist", "create it first");
}

std::string KindOf(mode_t mode) {
  if (S_ISDIR(mode)) return "a folder";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

bool WritableInPlace(mode_t mode) { return S_ISCHR(mode) || S_ISFIFO(mode); }

[[noreturn]] void RefuseLink(const std::string& path) {
  Fail(path, "cannot write output: it is a symbolic link; give the real path",
       "backfill-plan neither replaces a link nor writes through one");
}

// What is at an output path now: nothing, a regular file (its permissions in *mode), or a
// device or FIFO to write in place. Everything else is refused here.
enum class Destination { kMissing, kRegular, kInPlace };

Destination Inspect(const std::string& path, mode_t* mode) {
  struct stat st {};
  if (lstat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return Destination::kMissing;
    Fail(path, "cannot write output: " + ErrnoText());
  }
  if (S_ISLNK(st.st_mode)) {
    struct stat target {};
    if (stat(path.c_str(), &target) == 0 && WritableInPlace(target.st_mode)) return Destination::kInPlace;
    RefuseLink(path);
  }
  if (S_ISREG(st.st_mode)) {
    *mode = st.st_mode & 0777;
    return Destination::kRegular;
  }
  if (WritableInPlace(st.st_mode)) return Destination::kInPlace;
  if (S_ISDIR(st.st_mode)) Fail(path, "cannot write output: it is a folder", "give a file name");
  Fail(path, "cannot write output: it is " + KindOf(st.st_mode) + ", not a regular file", "give a file name");
}

// A device or a FIFO cannot be replaced and has no partial state to protect: write it as a
// shell redirection would. fstat after open: whatever was opened must still be one.
void WriteInPlace(const std::string& path, const std::string& content) {
  UniqueFd fd(open(path.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC));
  if (!fd.valid()) Fail(path, "cannot write output: " + ErrnoText());
  struct stat st {};
  if (fstat(fd.get(), &st) != 0 || !WritableInPlace(st.st_mode)) Fail(path, "cannot write output: it changed while being opened");
  WriteAll(fd.get(), content, path);
  if (!fd.Close()) Fail(path, "cannot write output: " + ErrnoText());
}

// /dev/stdout, /dev/stderr, /dev/fd/N and /proc/self/fd/N name the process's own descriptors:
// writing to the descriptor itself is what a shell does, whatever it is open on (a terminal, a
// pipe, or a file opened with > or >>, which reopening the link would rewrite from its start).
std::optional<int> OwnDescriptor(const std::string& path) {
  if (path == "/dev/stdout") return 1;
  if (path == "/dev/stderr") return 2;
  for (const char* prefix : {"/dev/fd/", "/proc/self/fd/"}) {
    std::string digits = path.rfind(prefix, 0) == 0 ? path.substr(std::strlen(prefix)) : std::string();
    if (!digits.empty() && digits.size() < 9 && digits.find_first_not_of("0123456789") == std::string::npos)
      return std::stoi(digits);
  }
  return std::nullopt;
}

// rename() that fails instead of replacing an existing name (RENAME_NOREPLACE, or link() where
// the file system lacks it).
bool RenameNoReplace(const fs::path& from, const fs::path& to) {
  if (renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) return true;
  if (errno != EINVAL && errno != ENOSYS) return false;
  if (link(from.c_str(), to.c_str()) != 0) return false;
  unlink(from.c_str());
  return true;
}

// The same for a folder, which link() cannot make: without RENAME_NOREPLACE, rename() still
// fails over a folder that holds anything, and replaces at most an empty one.
bool RenameFolder(const fs::path& from, const fs::path& to) {
  if (renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) return true;
  if (errno != EINVAL && errno != ENOSYS) return false;
  return rename(from.c_str(), to.c_str()) == 0;
}

// The first bytes of a regular file that is not a link, or nothing when it is anything else.
std::optional<std::string> HeadOfRegularFile(const fs::path& path) {
  UniqueFd fd(open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY));
  struct stat st {};
  if (!fd.valid() || fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  std::string head(4096, '\0');
  ssize_t n = read(fd.get(), head.data(), head.size());
  if (n < 0) return std::nullopt;
  head.resize(static_cast<size_t>(n));
  return head;
}

// The names in an existing output folder, each checked to be one of the tool's own files.
std::vector<std::string> OwnedEntries(const fs::path& dir, const std::string& dir_text, const OwnFile& own) {
  std::vector<std::string> names;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    std::optional<std::string> head = HeadOfRegularFile(it->path());
    if (!head || !own(name, *head))
      Fail(dir_text, "cannot replace folder: it holds " + name + ", which backfill-plan did not write",
           "give an empty or new folder; nothing was changed");
    names.push_back(name);
  }
  if (ec) Fail(dir_text, "cannot read the folder: " + ec.message());
  return names;
}

// A new folder beside `dir` to fill before it is swapped in. Removing it removes only what
// the tool wrote into it.
class StagingFolder {
 public:
  StagingFolder(const fs::path& dir, const std::string& dir_text) {
    for (int attempt = 0; attempt < 100 && path_.empty(); ++attempt) {
      fs::path name = TemporaryName(dir);
      if (mkdir(name.c_str(), 0777) == 0) path_ = name;
      else if (errno != EEXIST) Fail(dir_text, "cannot create the SQL bundle folder: " + ErrnoText());
    }
    if (path_.empty()) Fail(dir_text, "cannot create the SQL bundle folder: no free temporary name");
  }
  ~StagingFolder() {
    if (path_.empty()) return;
    for (const std::string& name : names_) unlink((path_ / name).c_str());
    rmdir(path_.c_str());  // fails, harmlessly, if anyone else put a file there
  }
  StagingFolder(const StagingFolder&) = delete;
  StagingFolder& operator=(const StagingFolder&) = delete;

  const fs::path& path() const { return path_; }
  void Write(const std::string& name, const std::string& content) {
    UniqueFd fd(open((path_ / name).c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666));
    if (!fd.valid()) Fail((path_ / name).string(), "cannot write output file: " + ErrnoText());
    names_.push_back(name);
    WriteAll(fd.get(), content, (path_ / name).string());
    if (!fd.Close()) Fail((path_ / name).string(), "cannot write output file: " + ErrnoText());
  }
  // After the swap the staging name holds the old folder: what is removed then is the old
  // folder's own files, each checked again by `own`.
  void SwappedWith(std::vector<std::string> old_names, const OwnFile& own) {
    names_.clear();
    for (const std::string& name : old_names) {
      std::optional<std::string> head = HeadOfRegularFile(path_ / name);
      if (head && own(name, *head)) names_.push_back(name);
    }
  }
  void Release() { path_.clear(); }

 private:
  fs::path path_;
  std::vector<std::string> names_;
};

// Where the file system cannot exchange two names at once: the old folder goes to a free
// name, the new one into place, and the old one to the staging name, as the exchange leaves it.
void SwapByTwoRenames(const fs::path& staging, const fs::path& dir, const std::string& dir_text) {
  fs::path aside = TemporaryName(dir);
  if (!RenameFolder(dir, aside)) Fail(dir_text, "cannot move the SQL bundle into place: " + ErrnoText());
  if (!RenameFolder(staging, dir)) {
    int error = errno;
    rename(aside.c_str(), dir.c_str());
    Fail(dir_text, "cannot move the SQL bundle into place: " + ErrnoText(error));
  }
  if (!RenameFolder(aside, staging)) Fail(dir_text, "the old bundle is left at " + aside.string() + ": " + ErrnoText());
}

fs::path WithoutTrailingSlashes(const std::string& text) {
  fs::path dir(text);
  while (!dir.has_filename() && dir.has_parent_path() && dir != dir.root_path()) dir = dir.parent_path();
  return dir;
}

}  // namespace

void WriteFileAtomically(const std::string& path_text, const std::string& content) {
  if (std::optional<int> fd = OwnDescriptor(path_text)) return WriteAll(*fd, content, path_text);
  fs::path path(path_text);
  CheckParentExists(path);
  mode_t mode = 0;
  Destination destination = Inspect(path_text, &mode);
  if (destination == Destination::kInPlace) return WriteInPlace(path_text, content);
  fs::path temporary = WriteTemporaryFile(path, content, destination == Destination::kRegular ? &mode : nullptr);
  // rename() replaces the name itself: a link planted at `path` since Inspect is replaced, never followed.
  if (rename(temporary.c_str(), path.c_str()) != 0) {
    int error = errno;
    unlink(temporary.c_str());
    Fail(path_text, "cannot write output file: " + ErrnoText(error));
  }
}

void WriteNewFiles(const std::string& dir, const NamedFiles& files) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) Fail(dir, "the folder does not exist", "create it first");
  std::vector<fs::path> temporaries, placed;
  auto undo = [&] {
    for (const fs::path& p : temporaries) unlink(p.c_str());
    for (const fs::path& p : placed) unlink(p.c_str());
  };
  try {
    for (const auto& [name, content] : files) temporaries.push_back(WriteTemporaryFile(fs::path(dir) / name, content, nullptr));
  } catch (...) {
    undo();
    throw;
  }
  for (size_t i = 0; i < files.size(); ++i) {
    fs::path destination = fs::path(dir) / files[i].first;
    if (!RenameNoReplace(temporaries[i], destination)) {
      int error = errno;
      undo();
      if (error == EEXIST) Fail(destination.string(), "a file of this name exists already; nothing was written");
      Fail(destination.string(), "cannot write output file: " + ErrnoText(error) + "; nothing was written");
    }
    placed.push_back(destination);
    temporaries[i].clear();
  }
}

void WriteFolderAtomically(const std::string& dir_text, const NamedFiles& files, const OwnFile& own) {
  fs::path dir = WithoutTrailingSlashes(dir_text);
  CheckParentExists(dir);
  struct stat st {};
  bool exists = lstat(dir.c_str(), &st) == 0;
  if (!exists && errno != ENOENT) Fail(dir_text, "cannot write the SQL bundle: " + ErrnoText());
  if (exists && S_ISLNK(st.st_mode)) RefuseLink(dir_text);
  if (exists && !S_ISDIR(st.st_mode)) Fail(dir_text, "cannot write the SQL bundle: it is a file", "give a folder name");
  std::vector<std::string> old_names = exists ? OwnedEntries(dir, dir_text, own) : std::vector<std::string>{};
  StagingFolder staging(dir, dir_text);
  if (exists) chmod(staging.path().c_str(), st.st_mode & 07777);
  for (const auto& [name, content] : files) staging.Write(name, content);
  if (!exists) {
    if (!RenameFolder(staging.path(), dir)) Fail(dir_text, "cannot move the SQL bundle into place: " + ErrnoText());
    staging.Release();
    return;
  }
  // One atomic exchange: at every moment `dir` holds the whole old bundle or the whole new one.
  if (renameat2(AT_FDCWD, staging.path().c_str(), AT_FDCWD, dir.c_str(), RENAME_EXCHANGE) != 0) {
    if (errno != EINVAL && errno != ENOSYS) Fail(dir_text, "cannot move the SQL bundle into place: " + ErrnoText());
    SwapByTwoRenames(staging.path(), dir, dir_text);
  }
  staging.SwappedWith(old_names, own);
}

}  // namespace backfill
