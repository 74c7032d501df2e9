// Helpers for the advisors' tests: bind a schema text and a requirement, run one advisor,
// and look findings up by id.
#pragma once

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "planner/analysis/advisors.h"
#include "planner/catalog/ddl_reader.h"
#include "planner/requirement/requirement.h"

namespace backfill::testing {

struct Bound {
  Catalog catalog;
  BackfillSubject subject;
};

// The subject points into the catalog: keep both together, at a stable address.
inline std::unique_ptr<Bound> Bind(const std::string& ddl, const std::string& requirement_json) {
  auto bound = std::make_unique<Bound>();
  std::vector<DdlNote> notes;
  bound->catalog = ReadSchemaText("schema.sql", ddl, notes);
  bound->subject = BindSubject(bound->catalog, ReadRequirementText("requirement.json", requirement_json));
  return bound;
}

// Matrix Synapse's users (full schema v72), trimmed: no primary key, UNIQUE (name) on a nullable column.
inline constexpr const char* kSynapseUsers = R"sql(
CREATE TABLE users (name text, admin smallint DEFAULT 0 NOT NULL, shadow_banned boolean);
ALTER TABLE ONLY users ADD CONSTRAINT users_name_key UNIQUE (name);
)sql";

using Advisor = void (*)(const BackfillSubject&, const Wording&, std::vector<Finding>&);

inline std::vector<Finding> Run(Advisor advise, const std::string& ddl, const std::string& requirement_json,
                                Language language = Language::kEnglish) {
  auto bound = Bind(ddl, requirement_json);
  std::vector<Finding> findings;
  advise(bound->subject, Wording(language), findings);
  return findings;
}

// Runs the advisor in English and in Japanese. The same findings must come out (ids, severities,
// sections and objects: only the wording differs); the Japanese ones are returned for their
// wording to be checked.
inline std::vector<Finding> RunInJapanese(Advisor advise, const std::string& ddl, const std::string& requirement_json) {
  auto en = Run(advise, ddl, requirement_json);
  auto ja = Run(advise, ddl, requirement_json, Language::kJapanese);
  REQUIRE(ja.size() == en.size());
  for (size_t i = 0; i < en.size(); ++i) {
    CHECK(ja[i].id == en[i].id);
    CHECK(ja[i].severity == en[i].severity);
    CHECK(ja[i].section == en[i].section);
    CHECK(ja[i].objects == en[i].objects);
    CHECK(ja[i].title != en[i].title);
  }
  return ja;
}

inline Wording English() { return Wording(Language::kEnglish); }
inline Wording Japanese() { return Wording(Language::kJapanese); }

inline const Finding* FindingById(const std::vector<Finding>& findings, const std::string& id) {
  auto it = std::find_if(findings.begin(), findings.end(), [&](const Finding& f) { return f.id == id; });
  return it == findings.end() ? nullptr : &*it;
}

inline std::vector<std::string> Ids(const std::vector<Finding>& findings) {
  std::vector<std::string> ids;
  for (const Finding& f : findings) ids.push_back(f.id);
  return ids;
}

inline bool Names(const Finding& f, const std::string& object) {
  return std::find(f.objects.begin(), f.objects.end(), object) != f.objects.end();
}

inline bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace backfill::testing
