#include "planner/input_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "planner/diagnostic.h"
#include "planner/unique_fd.h"

namespace backfill {
namespace {

// What a file that is not regular is, for the message; empty for a regular file.
std::string NotRegularKind(mode_t mode) {
  if (S_ISREG(mode)) return {};
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a named pipe (FIFO)";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

[[noreturn]] void TooLarge(const std::string& path, const std::string& what, uint64_t max_bytes) {
  throw InputError({path}, what + " is larger than the limit of " + ByteSizeText(max_bytes),
                   "check that this is the right file");
}

UniqueFd OpenInput(const std::string& path, const std::string& what) {
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer, forever.
  UniqueFd fd(open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY));
  if (!fd.valid()) {
    int error = errno;
    if (error == ENOENT) throw InputError({path}, what + " not found", "check the path, or pass it with the matching flag");
    throw InputError({path}, "cannot read " + what + ": " + std::strerror(error));
  }
  return fd;
}

// The path the kernel opened, every link resolved.
std::string OpenedPath(const UniqueFd& fd) {
  std::error_code ec;
  return std::filesystem::read_symlink("/proc/self/fd/" + std::to_string(fd.get()), ec).string();
}

enum class ReadEnd { kComplete, kFailed, kTooLarge };

// Reads the opened regular file to its end into `content` (reserved for `size` bytes); stops
// when it grows past max_bytes while being read. errno tells why on kFailed.
ReadEnd ReadToEnd(const UniqueFd& fd, off_t size, uint64_t max_bytes, std::string& content) {
  content.reserve(static_cast<size_t>(size));
  char buffer[1 << 16];
  for (;;) {
    ssize_t n = read(fd.get(), buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return ReadEnd::kFailed;
    if (n == 0) return ReadEnd::kComplete;
    content.append(buffer, static_cast<size_t>(n));
    if (content.size() > max_bytes) return ReadEnd::kTooLarge;
  }
}

std::string ReadOpened(const UniqueFd& fd, const std::string& path, const std::string& what, uint64_t max_bytes) {
  struct stat st {};
  if (fstat(fd.get(), &st) != 0) throw InputError({path}, "cannot read " + what + ": " + std::strerror(errno));
  std::string kind = NotRegularKind(st.st_mode);
  if (S_ISDIR(st.st_mode)) throw InputError({path}, what + " is a directory, not a file");
  if (!kind.empty()) throw InputError({path}, what + " is " + kind + ", not a regular file", "give the path of a regular file");
  if (static_cast<uint64_t>(st.st_size) > max_bytes) TooLarge(path, what, max_bytes);
  std::string content;
  switch (ReadToEnd(fd, st.st_size, max_bytes, content)) {
    case ReadEnd::kFailed: throw InputError({path}, "cannot read " + what + ": " + std::strerror(errno));
    case ReadEnd::kTooLarge: TooLarge(path, what, max_bytes);  // it grew while being read
    case ReadEnd::kComplete: break;
  }
  return content;
}

}  // namespace

std::string ByteSizeText(uint64_t bytes) {
  if (bytes >= kGiB && bytes % kGiB == 0) return std::to_string(bytes / kGiB) + " GiB";
  if (bytes >= kMiB && bytes % kMiB == 0) return std::to_string(bytes / kMiB) + " MiB";
  if (bytes >= kKiB && bytes % kKiB == 0) return std::to_string(bytes / kKiB) + " KiB";
  return std::to_string(bytes) + " bytes";
}

std::string ReadRegularFile(const std::string& path, const std::string& what, uint64_t max_bytes) {
  return ReadOpened(OpenInput(path, what), path, what, max_bytes);
}

std::optional<std::string> ReadRegularFileQuietly(const std::string& path, uint64_t max_bytes) {
  UniqueFd fd(open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW));
  struct stat st {};
  if (!fd.valid() || fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode) || static_cast<uint64_t>(st.st_size) > max_bytes)
    return std::nullopt;
  std::string content;
  if (ReadToEnd(fd, st.st_size, max_bytes, content) != ReadEnd::kComplete) return std::nullopt;
  return content;
}

std::string ReadRegularFileInside(const std::string& folder, const std::string& path, const std::string& what,
                                  uint64_t max_bytes) {
  std::error_code ec;
  std::string root = std::filesystem::canonical(folder, ec).string();
  if (ec) throw InputError({folder}, "cannot read the folder: " + ec.message(), "check the path");
  UniqueFd fd = OpenInput(path, what);
  std::string opened = OpenedPath(fd);
  if (opened.rfind(root + "/", 0) != 0)
    throw InputError({path}, what + " is a symbolic link leading out of " + folder, "put the file itself in the folder");
  return ReadOpened(fd, path, what, max_bytes);
}

}  // namespace backfill
