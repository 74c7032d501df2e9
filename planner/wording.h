// The reader's language, and the one way the plan's prose is chosen in it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace backfill {

enum class Language { kEnglish, kJapanese };

// "en" or "ja"; nullopt for any other code.
std::optional<Language> LanguageFromCode(std::string_view code);
const char* LanguageCode(Language language);

// Every sentence the plan shows a reader is written where it is built, in each language side by
// side: a reviewer reads the English and the Japanese together, and no sentence can exist in one
// language only. SQL is never worded: it is the same text in every language.
class Wording {
 public:
  explicit Wording(Language language) : language_(language) {}
  Language language() const { return language_; }
  std::string operator()(std::string english, std::string japanese) const {
    return language_ == Language::kJapanese ? std::move(japanese) : std::move(english);
  }

 private:
  Language language_;
};

}  // namespace backfill
