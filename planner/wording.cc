#include "planner/wording.h"

namespace backfill {

std::optional<Language> LanguageFromCode(std::string_view code) {
  if (code == "en") return Language::kEnglish;
  if (code == "ja") return Language::kJapanese;
  return std::nullopt;
}

const char* LanguageCode(Language language) { return language == Language::kJapanese ? "ja" : "en"; }

}  // namespace backfill
