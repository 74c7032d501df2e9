// An input problem the user has to fix: where it is and what to do about it.
// Every stage throws InputError; the command line turns it into one stderr line and an exit code.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace backfill {

// Exit codes, documented in --help and README.md.
enum ExitCode : int {
  kExitOk = 0,
  kExitBadInput = 1,   // schema, requirement or target is wrong
  kExitUsage = 2,      // command line is wrong
  kExitBlocked = 3,    // --check found a blocking finding, or a table with no key to page by
  kExitOutput = 4,     // the output could not be written
  kExitInternal = 5,   // the self-check caught SQL the planner should never emit: a bug
};

struct SourcePlace {
  std::string file;  // a file, or where else a value came from: "command line", a flag ("--set")
  int line = 0;      // 1-based; 0 when unknown
  int column = 0;    // 1-based; 0 when unknown

  // A file in the repository, not the command line or one of its flags.
  bool IsFile() const { return !file.empty() && file != "command line" && file.rfind("--", 0) != 0; }
};

class InputError : public std::runtime_error {
 public:
  InputError(SourcePlace place, const std::string& message, std::string suggestion = {},
             std::string excerpt = {}, ExitCode code = kExitBadInput)
      : std::runtime_error(message), message_(message), place_(std::move(place)), suggestion_(std::move(suggestion)),
        excerpt_(std::move(excerpt)), code_(code) {}

  // The whole message; what() stops at the first NUL an echoed value may hold.
  const std::string& message() const { return message_; }
  const SourcePlace& place() const { return place_; }
  const std::string& suggestion() const { return suggestion_; }
  // The offending source line followed by a caret line, or empty.
  const std::string& excerpt() const { return excerpt_; }
  ExitCode code() const { return code_; }

  // "file:line:col: message (suggestion)", with every echoed control character escaped
  // (PrintableText), so the line is always one line.
  std::string OneLine() const;
  // excerpt(), escaped the same way, the caret still under the offending character.
  std::string PrintableExcerpt() const;

 private:
  std::string message_;
  SourcePlace place_;
  std::string suggestion_;
  std::string excerpt_;
  ExitCode code_;
};

// Text from the input as it may be quoted back to a terminal, a log or a Markdown page: every
// C0 control character, DEL and C1 control becomes \n, \t, \r or \xNN, the line and
// paragraph separators and the bidirectional overrides and isolates (U+2028, U+2029,
// U+202A..U+202E, U+2066..U+2069) become \uNNNN, and a byte that is not UTF-8 becomes \xNN.
// Everything else, backslashes and non-ASCII letters included, is kept as written.
std::string PrintableText(std::string_view text);

// "did you mean x?" for the candidate nearest to name by edit distance, or empty when none is close.
std::string DidYouMean(const std::string& name, const std::vector<std::string>& candidates);

}  // namespace backfill
