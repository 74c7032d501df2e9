#include "planner/cli/annotations.h"

namespace backfill {
namespace {

// The runner reads one command per line: % and line breaks are escaped in the message, and in a
// property also the characters that separate properties (GitHub's toolkit escapes the same set).
std::string Escape(const std::string& text, bool property) {
  std::string out;
  for (char c : text) {
    if (c == '%') out += "%25";
    else if (c == '\r') out += "%0D";
    else if (c == '\n') out += "%0A";
    else if (property && c == ':') out += "%3A";
    else if (property && c == ',') out += "%2C";
    else out += c;
  }
  return out;
}

}  // namespace

std::string GithubAnnotation(const std::string& level, const std::string& title, const std::string& message,
                             const SourcePlace& place) {
  std::string line = "::" + level;
  std::string properties;
  auto add = [&](const std::string& key, const std::string& value) {
    properties += (properties.empty() ? " " : ",") + key + "=" + Escape(value, true);
  };
  // A value from the command line has no file= : it would point the pull request at nothing.
  if (place.IsFile()) {
    add("file", place.file);
    if (place.line > 0) add("line", std::to_string(place.line));
    if (place.column > 0) add("col", std::to_string(place.column));
  }
  if (!title.empty()) add("title", PrintableText(title));
  // Every other control character is escaped as in messages: the line cannot start a command of its own.
  return line + properties + "::" + Escape(PrintableText(message), false);
}

std::string GithubAnnotation(const Finding& finding, const SourcePlace& place) {
  const char* level = finding.severity == Severity::kBlock ? "error" : finding.severity == Severity::kWarn ? "warning" : "notice";
  return GithubAnnotation(level, "backfill-plan " + finding.id, finding.title + " (" + finding.advice + ")", place);
}

}  // namespace backfill
