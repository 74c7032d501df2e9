// Reading a file the user named as input (schema, requirement, template). Only a regular file is
// read: a FIFO would block or stream forever and a device such as /dev/zero never ends, so they
// are refused by name. A symbolic link to a regular file is fine. The kind and the size are
// checked on the opened descriptor, so the file cannot be swapped between the check and the read.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace backfill {

constexpr uint64_t kKiB = 1024, kMiB = 1024 * kKiB, kGiB = 1024 * kMiB;

// The whole file; throws InputError (exit 1) naming `path` when it is missing, not a regular
// file, unreadable, or larger than max_bytes. `what` names it in messages ("schema file").
std::string ReadRegularFile(const std::string& path, const std::string& what, uint64_t max_bytes);

// The same, for a file that must lie inside `folder` (which need not be canonical): a symbolic
// link leading out of it is refused. Checked on the opened file, so no link swapped in between
// the check and the read can lead out either.
std::string ReadRegularFileInside(const std::string& folder, const std::string& path, const std::string& what,
                                  uint64_t max_bytes);

// The same for a file among many that a scan reads (code references): nullopt, with no message,
// for a file that is missing, unreadable, a symbolic link, not a regular file, or larger than
// max_bytes.
std::optional<std::string> ReadRegularFileQuietly(const std::string& path, uint64_t max_bytes);

// "1 GiB", "16 MiB", "512 bytes": a limit as a message states it.
std::string ByteSizeText(uint64_t bytes);

}  // namespace backfill
