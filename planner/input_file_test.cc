#include "planner/input_file.h"

#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "planner/diagnostic.h"

namespace backfill {
namespace {

namespace fs = std::filesystem;

std::string MessageFor(const std::string& path, uint64_t max_bytes = kMiB) {
  try {
    ReadRegularFile(path, "schema file", max_bytes);
  } catch (const InputError& e) {
    return e.OneLine();
  }
  return "no error";
}

struct TempDir {
  fs::path path = fs::temp_directory_path() / ("input_file_test." + std::to_string(getpid()));
  TempDir() { fs::create_directories(path); }
  ~TempDir() { fs::remove_all(path); }
};

}  // namespace

TEST_CASE("ReadRegularFile: a regular file, directly or through a symbolic link") {
  TempDir dir;
  std::ofstream(dir.path / "a.sql") << "CREATE TABLE t (id int);";
  fs::create_symlink(dir.path / "a.sql", dir.path / "link.sql");
  CHECK(ReadRegularFile((dir.path / "a.sql").string(), "schema file", kMiB) == "CREATE TABLE t (id int);");
  CHECK(ReadRegularFile((dir.path / "link.sql").string(), "schema file", kMiB) == "CREATE TABLE t (id int);");
}

TEST_CASE("ReadRegularFile: devices, FIFOs and folders are refused by kind, without blocking") {
  TempDir dir;
  std::string fifo = (dir.path / "pipe.sql").string();
  REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
  CHECK(MessageFor(fifo) == fifo + ": schema file is a named pipe (FIFO), not a regular file (give the path of a regular file)");
  CHECK(MessageFor("/dev/zero") == "/dev/zero: schema file is a character device, not a regular file (give the path of a regular file)");
  CHECK(MessageFor(dir.path.string()) == dir.path.string() + ": schema file is a directory, not a file");
  CHECK(MessageFor((dir.path / "none.sql").string()).find("schema file not found") != std::string::npos);
}

TEST_CASE("ReadRegularFile: a file over the limit is refused before it is read") {
  TempDir dir;
  std::ofstream(dir.path / "big.sql") << std::string(2049, 'x');
  CHECK(MessageFor((dir.path / "big.sql").string(), 2 * kKiB) ==
        (dir.path / "big.sql").string() + ": schema file is larger than the limit of 2 KiB (check that this is the right file)");
  CHECK(ReadRegularFile((dir.path / "big.sql").string(), "schema file", 2049).size() == 2049);
}

TEST_CASE("ReadRegularFileQuietly: a regular file only, never through a link, within the limit; no message") {
  TempDir dir;
  std::ofstream(dir.path / "a.rb") << "Order.where(status: 1)";
  fs::create_symlink(dir.path / "a.rb", dir.path / "link.rb");
  std::string fifo = (dir.path / "pipe.rb").string();
  REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
  CHECK(ReadRegularFileQuietly((dir.path / "a.rb").string(), kMiB) == "Order.where(status: 1)");
  CHECK_FALSE(ReadRegularFileQuietly((dir.path / "link.rb").string(), kMiB));
  CHECK_FALSE(ReadRegularFileQuietly(fifo, kMiB));
  CHECK_FALSE(ReadRegularFileQuietly(dir.path.string(), kMiB));
  CHECK_FALSE(ReadRegularFileQuietly((dir.path / "none.rb").string(), kMiB));
  CHECK_FALSE(ReadRegularFileQuietly((dir.path / "a.rb").string(), 10));
}

TEST_CASE("ByteSizeText") {
  CHECK(ByteSizeText(kGiB) == "1 GiB");
  CHECK(ByteSizeText(16 * kMiB) == "16 MiB");
  CHECK(ByteSizeText(100) == "100 bytes");
}

}  // namespace backfill
