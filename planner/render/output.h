// Writing results without ever leaving a partial file, and without harming a file the tool did
// not write. Every file is written under a new, unpredictable name beside its destination
// (created with O_CREAT|O_EXCL|O_NOFOLLOW, so a link planted there cannot redirect the write)
// and renamed into place when complete. Permissions are those of a plain create (0666 less the
// umask), or the replaced file's own.
//
// Every function throws InputError with exit code kExitOutput, and changes nothing then.
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace backfill {

using NamedFiles = std::vector<std::pair<std::string, std::string>>;  // file name, content

// Writes `path`, replacing a regular file. /dev/stdout, /dev/stderr and /dev/fd/N write to
// that descriptor of the process. A character device or a FIFO (/dev/null, /dev/tty, a named
// pipe), directly or through a symbolic link, is written in place, as a shell redirection would. Any other symbolic link is refused ("give the real path"): replacing
// it would drop the link, writing through it would write wherever it points. A folder, socket
// or block device is refused too.
void WriteFileAtomically(const std::string& path, const std::string& content);

// Writes files that must not exist yet into the folder `dir` (it may be a symbolic link to a
// folder): all of them, or, when any exists already or one cannot be written, none.
void WriteNewFiles(const std::string& dir, const NamedFiles& files);

// Whether a file found in an existing output folder was written by the tool: its name and
// its first bytes (up to 4 KiB).
using OwnFile = std::function<bool(const std::string& name, const std::string& head)>;

// Writes every file into a new folder and swaps it in for `dir` as a whole. An existing `dir`
// is replaced only when every entry in it is a regular file that `own` recognises; each such
// file is then removed by name, and nothing else ever is. A symbolic link at `dir` is refused.
void WriteFolderAtomically(const std::string& dir, const NamedFiles& files, const OwnFile& own);

}  // namespace backfill
