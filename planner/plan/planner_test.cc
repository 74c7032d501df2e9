// The plan in every language: for every example, the Japanese plan carries the same SQL, the
// same commands, ids, objects and numbers as the English one, and its prose is Japanese
// (no English sentence left over from a place that forgot to word it).
#include "planner/plan/planner.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <regex>
#include <set>

#include "planner/catalog/ddl_reader.h"
#include "planner/render/plan_json.h"
#include "planner/requirement/requirement.h"

namespace backfill {
namespace {

using Json = nlohmann::json;

// Fields that are SQL, commands or names: the same text in every language.
// Inside "target" and "objects" every field is a name.
const std::set<std::string> kSameInEveryLanguage = {"sql",     "run",     "command", "verify_sql", "name",
                                                    "id",      "severity", "section", "objects",    "target",
                                                    "set",     "where",   "kind",    "execution",  "date"};

// Three lowercase English words in a row, outside `code` and SQL type names: a sentence
// nobody worded in Japanese.
bool HasEnglishSentence(const std::string& text) {
  static const std::regex code("`[^`]*`|\\b(with|without) time zone\\b|character varying|double precision");
  static const std::regex words(R"(\b[a-z]{2,} [a-z]{2,} [a-z]{2,}\b)");
  return std::regex_search(std::regex_replace(text, code, ""), words);
}

struct Comparison {
  std::vector<std::string> differences;  // SQL or structure that differs: must stay empty
  std::vector<std::string> english;      // Japanese prose with English sentences in it
  int prose = 0;                         // prose strings compared
};

void Compare(const Json& en, const Json& ja, const std::string& path, const std::string& key, Comparison& out) {
  if (en.type() != ja.type()) {
    out.differences.push_back(path + ": different types");
  } else if (en.is_object()) {
    for (auto it = en.begin(); it != en.end(); ++it) {
      if (it.key() == "lang") continue;
      if (!ja.contains(it.key())) out.differences.push_back(path + "." + it.key() + ": missing in Japanese");
      else Compare(it.value(), ja[it.key()], path + "." + it.key(), kSameInEveryLanguage.count(key) ? key : it.key(), out);
    }
  } else if (en.is_array()) {
    if (en.size() != ja.size()) out.differences.push_back(path + ": " + std::to_string(en.size()) + " items in English, " +
                                                          std::to_string(ja.size()) + " in Japanese");
    else
      for (size_t i = 0; i < en.size(); ++i) Compare(en[i], ja[i], path + "[" + std::to_string(i) + "]", key, out);
  } else if (!en.is_string() || kSameInEveryLanguage.count(key)) {
    if (en != ja) out.differences.push_back(path + ": " + en.dump() + " vs " + ja.dump());
  } else if (key != "reason") {  // the requirement's reason is the user's own text
    ++out.prose;
    if (HasEnglishSentence(ja.get<std::string>())) out.english.push_back(path + ": " + ja.get<std::string>());
  }
}

std::string Lines(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& l : lines) out += l + "\n";
  return out;
}

Json PlanJson(const BackfillSubject& subject, Language language) {
  PlanOptions options{"2026-11-21"};
  options.language = language;
  return PlanToJson(BuildPlan(subject, options));
}

TEST_CASE("planner: the Japanese plan of every example has the English plan's SQL, and Japanese prose") {
  namespace fs = std::filesystem;
  int plans = 0;
  for (const auto& example : fs::directory_iterator(std::string(SOURCE_DIR) + "/examples")) {
    std::vector<DdlNote> notes;
    Catalog catalog = ReadSchemaFile((example.path() / "schema.sql").string(), notes);
    for (const auto& file : fs::directory_iterator(example.path() / "backfills")) {
      // A refused requirement (expected/<base>.blocked.txt, examples/no_key) has no plan.
      fs::path blocked = example.path() / "expected" / (file.path().stem().string() + ".blocked.txt");
      if (fs::exists(blocked)) {
        CHECK_THROWS_AS(BindSubject(catalog, ReadRequirementFile(file.path().string())), NoBatchKeyError);
        continue;
      }
      BackfillSubject subject = BindSubject(catalog, ReadRequirementFile(file.path().string()));
      Json en = PlanJson(subject, Language::kEnglish), ja = PlanJson(subject, Language::kJapanese);
      CHECK(en["lang"] == "en");
      CHECK(ja["lang"] == "ja");
      Comparison c;
      Compare(en, ja, file.path().filename().string(), "", c);
      INFO(file.path().string());
      CHECK(Lines(c.differences) == "");
      CHECK(Lines(c.english) == "");
      CHECK(c.prose > 50);
      ++plans;
    }
  }
  CHECK(plans >= 8);
}

TEST_CASE("planner: the English-sentence detector finds prose and ignores code") {
  CHECK(HasEnglishSentence("the backfill skips rows"));
  CHECK_FALSE(HasEnglishSentence("バックフィルは `where the rows are` を読む"));
  CHECK_FALSE(HasEnglishSentence("ACCESS SHARE (public.orders)"));
  CHECK_FALSE(HasEnglishSentence("主キー public.events_pkey (id bigint, occurred_at timestamp with time zone)"));
  CHECK_FALSE(HasEnglishSentence("SELECT count(*) FROM pg_locks WHERE relation = 'public.orders'::regclass AND NOT granted;"));
}

}  // namespace
}  // namespace backfill
