#include "planner/catalog/relevant_statements.h"

#include <algorithm>

namespace backfill {
namespace {

constexpr uint32_t kNone = UINT32_MAX;

// A mention is (id << 3) | resolved << 2 | qualified << 1 | in_string: the id of a (schema, name)
// pair when qualified, else of a name. Resolved: written unqualified, and so in each schema of
// the search_path in force; a statement keeps such a mention as its name alone, and it is taken
// in those schemas only when asked (most names never reach anything, and pairs cost a lookup).
uint32_t IdOf(uint32_t mention) { return mention >> 3; }
bool IsResolved(uint32_t mention) { return mention & 4; }
bool IsQualified(uint32_t mention) { return mention & 2; }
bool InString(uint32_t mention) { return mention & 1; }

bool OneOf(std::string_view word, std::initializer_list<const char*> words) {
  for (const char* w : words)
    if (word == w) return true;
  return false;
}

// Statements whose effect reaches no further than the objects they name: whether they matter is
// a question of those names. Everything else is always parsed. Statements of kinds the catalog
// does not read at all count as confined too: a SET of any setting but the search_path (SET
// SCHEMA sets that), CREATE EXTENSION, CREATE and ALTER SCHEMA, CREATE OPERATOR (pg_dump writes
// them by the hundred into a large file, and each costs a parse).
bool IsConfined(const StatementNames& s, bool calls_set_config, bool names_search_path) {
  if (s.head.empty() || s.set_schema || s.unicode_escapes) return false;
  const std::string& first = s.head[0];
  if (first == "set" || first == "reset") return !names_search_path;
  if (first == "create" && s.head.size() >= 2 && OneOf(s.head[1], {"extension", "schema", "operator"})) return true;
  if (first == "alter" && s.head.size() >= 2 && s.head[1] == "schema") return true;
  if (first == "create") return !s.created_kind.empty() && !(s.created_kind == "table" && s.top_level_as);
  if (first == "alter")
    return s.head.size() >= 2 && (s.head.size() < 3 || s.head[2] != "all") &&
           OneOf(s.head[1], {"table", "sequence", "function", "procedure", "index", "view", "type", "domain", "policy",
                             "trigger", "materialized", "foreign", "aggregate"});
  if (first == "select") return !calls_set_config;  // pg_dump sets its search_path so
  return OneOf(first, {"comment", "grant", "revoke", "insert", "copy"});
}

void Set(std::vector<bool>& bits, uint32_t id, bool& changed) {
  if (bits.size() <= id) bits.resize(id + 1);
  if (!bits[id]) bits[id] = true, changed = true;
}

bool Get(const std::vector<bool>& bits, uint32_t id) { return id < bits.size() && bits[id]; }

// A statement's mentions, sorted and without repeats, are kept as the differences between one
// and the next, seven bits a byte: about two bytes a mention instead of four, for the one list
// as long as the file has words.
void AppendSorted(std::vector<uint8_t>& out, const std::vector<uint32_t>& sorted) {
  uint32_t last = 0;
  for (uint32_t value : sorted) {
    uint32_t delta = value - last;
    last = value;
    while (delta >= 0x80) out.push_back(static_cast<uint8_t>(delta | 0x80)), delta >>= 7;
    out.push_back(static_cast<uint8_t>(delta));
  }
}

// Calls f with each value of [begin, end) until it returns true; whether one did.
template <typename F>
bool AnySorted(const uint8_t* begin, const uint8_t* end, F f) {
  uint32_t value = 0;
  while (begin < end) {
    uint32_t delta = 0;
    for (int shift = 0;; shift += 7) {
      uint8_t byte = *begin++;
      delta |= static_cast<uint32_t>(byte & 0x7F) << shift;
      if (!(byte & 0x80)) break;
    }
    value += delta;
    if (f(value)) return true;
  }
  return false;
}

}  // namespace

void RelevantStatements::Reserve(size_t statements, size_t bytes) {
  // A schema file mentions about one name (once per statement) in 18 bytes, packed in about
  // two: reserved so, the longest vector is not copied as it grows (and the pages reserved
  // beyond are never touched).
  mention_bytes_.reserve(bytes / 8);
  for (auto* v : {&first_mention_, &subjects_, &path_of_}) v->reserve(statements + 1);
  kinds_.reserve(statements);
}

uint32_t RelevantStatements::NameId(std::string_view name) { return names_.Intern(name); }

void RelevantStatements::Mention(std::string_view schema, std::string_view name, bool in_string) {
  read_.push_back({schema.empty() ? kNone : NameId(schema), NameId(name), in_string});
}

bool RelevantStatements::ReadMentions(std::string_view name) {
  uint32_t id = NameId(name);
  for (const ReadMention& m : read_)
    if (m.name == id) return true;
  return false;
}

uint32_t RelevantStatements::Mention(const NameMention& m, bool resolved) {
  uint32_t name = NameId(m.name);
  uint32_t flags = (resolved ? 4 : 0) | (m.in_string ? 1 : 0);
  if (m.schema.empty()) return name << 3 | flags;
  return PairMention(NameId(m.schema), name, flags);
}

uint32_t RelevantStatements::PairMention(uint32_t schema, uint32_t name, uint32_t flags) {
  return pairs_.Intern(schema, name) << 3 | 2 | flags;
}

uint32_t RelevantStatements::NameOf(uint32_t mention) const {
  return IsQualified(mention) ? pairs_[IdOf(mention)].second : IdOf(mention);
}

uint64_t RelevantStatements::RelationKey(const NameMention& name) {
  return static_cast<uint64_t>(NameId(name.schema)) << 32 | NameId(name.name);
}

// Whether a CREATE TABLE or VIEW of the name came before, in its schema or, unqualified, in one
// of the search_path's: an ALTER TABLE of a table not yet created is noted (but for OWNER TO,
// which pg_dump writes for sequences too), so it is always read (also after a RENAME, which this
// does not follow).
bool RelevantStatements::CreatedBefore(const NameMention& table) {
  if (!table.schema.empty()) return relations_created_.count(RelationKey(table)) > 0;
  for (const std::string& schema : search_path_)
    if (relations_created_.count(RelationKey({schema, table.name}))) return true;
  return false;
}

// SET search_path, SET SCHEMA 'name' (the same), RESET, pg_dump's SELECT set_config(...).
bool RelevantStatements::SetsSearchPath() {
  if (scratch_.head.empty() || !OneOf(scratch_.head[0], {"set", "reset", "select"})) return false;
  return ReadMentions("search_path") || (scratch_.head[0] == "set" && ReadMentions("schema"));
}

void RelevantStatements::Add(std::string_view statement) {
  read_.clear();
  reader_.Read(statement, scratch_, this);
  size_t index = kinds_.size();
  bool function = scratch_.created_kind == "function" || scratch_.created_kind == "procedure";
  bool always = !IsConfined(scratch_, !scratch_.head.empty() && scratch_.head[0] == "select" && ReadMentions("set_config"),
                            SetsSearchPath()) ||
                (!scratch_.altered.name.empty() && !scratch_.owner_only && !CreatedBefore(scratch_.altered));
  kinds_.push_back(always ? Kind::kAlways : function ? Kind::kFunction : Kind::kConfined);
  first_mention_.push_back(static_cast<uint32_t>(mention_bytes_.size()));
  path_of_.push_back(static_cast<uint32_t>(paths_.size() - 1));
  std::vector<uint32_t>& mentions = statement_mentions_;
  mentions.clear();
  // An unqualified name is one of the search_path's schemas' (PostgreSQL looks there), but in a
  // function's body, which runs under whichever search_path its caller has.
  for (const ReadMention& m : read_) {
    uint32_t flags = m.in_string ? 1 : 0;
    if (m.schema != kNone) {
      mentions.push_back(PairMention(m.schema, m.name, flags));
    } else {
      mentions.push_back(m.name << 3 | (function && m.in_string ? 0 : 4) | flags);
    }
  }
  std::sort(mentions.begin(), mentions.end());
  mentions.erase(std::unique(mentions.begin(), mentions.end()), mentions.end());
  AppendSorted(mention_bytes_, mentions);
  bool changed = false;
  if (scratch_.head.size() >= 2 && scratch_.head[0] == "create" && scratch_.head[1] == "schema")
    for (const ReadMention& m : read_)
      if (m.schema == kNone && !OneOf(names_[m.name], {"create", "schema", "if", "not", "exists"})) {
        Set(schemas_, m.name, changed);
        break;
      }
  NameMention& created = scratch_.created;
  uint32_t subject = kNone;
  if (!created.name.empty()) {
    if (created.schema.empty()) created.schema = search_path_[0];
    Set(schemas_, NameId(created.schema), changed);
    subject = Mention(created, false);
    Set(created_pairs_, IdOf(subject), changed);
    uint32_t name = NameId(created.name);
    Set(created_, name, changed);
    const std::string& kind = scratch_.created_kind;
    if (kind == "table" || kind == "view") relations_created_.insert(RelationKey(created));
    if (kind == "table" || kind == "view" || kind == "sequence") Set(table_created_, name, changed);
    if (kind == "table") tables_created_.push_back({index, subject});
  }
  subjects_.push_back(subject);
  if (!scratch_.altered.name.empty()) {
    uint32_t statement = static_cast<uint32_t>(index);
    if (!scratch_.altered.schema.empty()) {
      altered_.push_back({statement, IdOf(Mention(scratch_.altered, false))});
    } else {
      for (const std::string& schema : search_path_) altered_.push_back({statement, IdOf(Mention({schema, scratch_.altered.name}, false))});
    }
  }
  if (scratch_.created_kind == "view") tables_created_.push_back({index, subject});
  for (const std::string& to : scratch_.renamed_to) {
    bool changed = false;
    Set(created_, NameId(to), changed);
    Set(renamed_, NameId(to), changed);
    Set(table_created_, NameId(to), changed);
  }
}

void RelevantStatements::SetSearchPath(const std::vector<std::string>& schemas) {
  search_path_ = schemas;
  std::vector<uint32_t> ids;
  bool changed = false;
  for (const std::string& s : schemas) ids.push_back(NameId(s)), Set(schemas_, ids.back(), changed);
  paths_.push_back(ids);
}

// A qualified mention is reached by its own pair or by its name reached in any schema; an
// unqualified one (in a function's body), by its name reached in any schema.
// A resolved one, by its name in any schema, or in one of the search_path's.
bool RelevantStatements::Reached(uint32_t mention, bool strong, const std::vector<uint32_t>& path) const {
  const ReachedNames& r = strong ? strong_ : all_;
  if (IsQualified(mention)) return Get(r.pair, IdOf(mention)) || Get(r.name_only, pairs_[IdOf(mention)].second);
  uint32_t name = IdOf(mention);
  if (!IsResolved(mention)) return Get(r.name_only, name) || Get(r.name_of_pair, name);
  if (Get(r.name_only, name)) return true;
  if (!Get(r.name_of_pair, name)) return false;  // no pair of the name is reached: none need be looked up
  for (uint32_t schema : path) {
    uint32_t pair = pairs_.Find(schema, name);
    if (pair != kNone && Get(r.pair, pair)) return true;
  }
  return false;
}

// Only names the file creates are followed: a.b only when the file creates b in schema a (or
// renames something to b), so that an alias or a built-in function is no way in.
bool RelevantStatements::Reach(uint32_t mention, bool strong) {
  if (!Get(created_, NameOf(mention))) return false;
  if (IsQualified(mention) && !Get(created_pairs_, IdOf(mention)) && !Get(renamed_, NameOf(mention))) return false;
  bool changed = false;
  for (ReachedNames* r : {&all_, strong ? &strong_ : nullptr}) {
    if (!r) continue;
    if (IsQualified(mention)) {
      Set(r->pair, IdOf(mention), changed);
      Set(r->name_of_pair, pairs_[IdOf(mention)].second, changed);
    } else {
      Set(r->name_only, IdOf(mention), changed);
    }
  }
  return changed;
}

// Strongly reached, a statement reaches all it names; a function's body's unqualified names are
// taken in the schemas of its search_path and in public (where the trigger analysis looks).
// Weakly reached (through a function body alone), a function reaches only its own name.
bool RelevantStatements::Extend(size_t statement, bool strong) {
  if (!strong && kinds_[statement] == Kind::kFunction)
    return subjects_[statement] != kNone && Reach(subjects_[statement], false);
  bool changed = false;
  const std::vector<uint32_t>& path = paths_[path_of_[statement]];
  for (uint32_t i = live_first_[statement]; i < live_first_[statement + 1]; ++i) {
    uint32_t m = live_[i];
    if (IsResolved(m)) {
      for (uint32_t schema : path) changed |= Reach(PairMention(schema, IdOf(m), m & 5), strong);
      continue;
    }
    if (IsQualified(m) || !strong) {
      changed |= Reach(m, strong);
      continue;
    }
    for (uint32_t schema : path) changed |= Reach(PairMention(schema, IdOf(m), 5), true);
    changed |= Reach(PairMention(NameId("public"), IdOf(m), 5), true);
  }
  return changed;
}

template <typename F>
bool RelevantStatements::AnyMention(size_t statement, F f) const {
  const uint8_t* bytes = mention_bytes_.data();
  return AnySorted(bytes + first_mention_[statement], bytes + first_mention_[statement + 1], f);
}

// Only a name the file creates (or the target's) is ever reached (Reach): the closure below
// passes over each statement's mentions of those alone, and most mentions (words of bodies and
// of column definitions) are of no such name.
void RelevantStatements::KeepLiveMentions() {
  live_first_.clear(), live_.clear();
  for (size_t s = 0; s < kinds_.size(); ++s) {
    live_first_.push_back(static_cast<uint32_t>(live_.size()));
    AnyMention(s, [&](uint32_t m) {
      if (Get(created_, NameOf(m))) live_.push_back(m);
      return false;
    });
  }
  live_first_.push_back(static_cast<uint32_t>(live_.size()));
}

// How a statement is reached: 2 strongly, 1 weakly (only through a function's body, or through
// a name only such a body reached), 0 not.
int RelevantStatements::Match(size_t statement) const {
  int match = 0;
  const std::vector<uint32_t>& path = paths_[path_of_[statement]];
  for (uint32_t i = live_first_[statement]; i < live_first_[statement + 1]; ++i) {
    uint32_t m = live_[i];
    // A function is reached by its name, or by a name it writes qualified outside its body (a
    // type of its arguments or result); what its body names, or a keyword the search_path
    // turned into a name (LANGUAGE), reaches it weakly.
    bool counts = kinds_[statement] != Kind::kFunction || m == subjects_[statement] || (!InString(m) && !IsResolved(m));
    if (counts && Reached(m, true, path)) return 2;
    if (Reached(m, false, path)) match = 1;
  }
  if (subjects_[statement] != kNone && Reached(subjects_[statement], true, path)) return 2;
  return match;
}

std::vector<bool> RelevantStatements::Decide(const SchemaFocus& focus) {
  size_t count = kinds_.size();
  first_mention_.push_back(static_cast<uint32_t>(mention_bytes_.size()));
  bool changed = false;
  Set(schemas_, NameId("public"), changed);
  if (!focus.schema.empty()) Set(schemas_, NameId(focus.schema), changed);
  uint32_t table = NameId(focus.table);
  Set(created_, table, changed);
  if (focus.schema.empty()) {
    Set(all_.name_only, table, changed), Set(strong_.name_only, table, changed);
  } else {
    uint32_t pair = IdOf(Mention({focus.schema, focus.table, false}, false));
    Set(all_.pair, pair, changed), Set(strong_.pair, pair, changed);
    Set(all_.name_of_pair, table, changed), Set(strong_.name_of_pair, table, changed);
  }
  for (const std::string& sql : focus.sql) {
    reader_.Read(sql, scratch_);
    for (const NameMention& m : scratch_.mentions) Reach(Mention(m, false), true);
  }
  KeepLiveMentions();
  std::vector<int> reached(count, 0);
  for (changed = true; changed;) {
    changed = false;
    for (size_t s = 0; s < count; ++s) {
      if (reached[s] == 2) continue;
      int match = Match(s);
      if (match > reached[s]) {
        reached[s] = match;
        changed |= Extend(s, match == 2);
      }
    }
  }
  std::vector<bool> keep(count);
  for (size_t s = 0; s < count; ++s) keep[s] = reached[s] > 0 || kinds_[s] == Kind::kAlways;
  KeepNamesLikeTables(keep);
  KeepDuplicateTables(keep);
  KeepAlteredTables(keep);
  return keep;
}

// Default index and constraint names start with their table's name, cut to no less than 20
// bytes (PostgreSQL's makeObjectName cuts the longer of table and columns), and must not be
// taken in the table's schema: every statement that names such a name there is read as well.
void RelevantStatements::KeepNamesLikeTables(std::vector<bool>& keep) const {
  constexpr uint32_t kAnySchema = UINT32_MAX;
  std::unordered_map<uint32_t, std::vector<bool>> like;  // by schema id (or kAnySchema), by name id
  auto mark = [&](uint32_t schema, uint32_t table) {
    // A name of at most 20 bytes is never cut: the default names start with it and "_".
    std::string name(names_[table]);
    std::string prefix = name.size() <= 20 ? name + "_" : name.substr(0, 20);
    std::vector<bool>& names = like[schema];
    names.resize(names_.size());
    for (uint32_t other = 0; other < names_.size(); ++other)
      if (names_[other].compare(0, prefix.size(), prefix) == 0) names[other] = true;
  };
  for (uint32_t pair = 0; pair < pairs_.size(); ++pair)
    if (Get(all_.pair, pair) && Get(table_created_, pairs_[pair].second)) mark(pairs_[pair].first, pairs_[pair].second);
  for (uint32_t name = 0; name < names_.size(); ++name)
    if (Get(all_.name_only, name) && Get(table_created_, name)) mark(kAnySchema, name);
  auto is_like = [&](uint32_t schema, uint32_t name) {
    auto it = like.find(schema);
    return it != like.end() && it->second[name];
  };
  for (size_t s = 0; s < keep.size(); ++s) {
    if (keep[s]) continue;
    keep[s] = AnyMention(s, [&](uint32_t m) {
      if (IsQualified(m)) return is_like(pairs_[IdOf(m)].first, pairs_[IdOf(m)].second) || is_like(kAnySchema, pairs_[IdOf(m)].second);
      if (!IsResolved(m)) return false;  // index and constraint names are not written in bodies
      if (is_like(kAnySchema, IdOf(m))) return true;
      for (uint32_t schema : paths_[path_of_[s]])
        if (is_like(schema, IdOf(m))) return true;
      return false;
    });
  }
}

// A table created twice is an error the reader reports: both statements are read.
void RelevantStatements::KeepDuplicateTables(std::vector<bool>& keep) const {
  std::unordered_map<uint32_t, std::vector<size_t>> by_subject;
  for (const auto& [statement, subject] : tables_created_) by_subject[subject].push_back(statement);
  for (const auto& [subject, statements] : by_subject)
    if (statements.size() > 1)
      for (size_t s : statements) keep[s] = true;
}

// An ALTER TABLE read for its own sake notes a table it cannot find: the CREATE of the table
// it alters is read too, so that it finds it where the whole file has it.
void RelevantStatements::KeepAlteredTables(std::vector<bool>& keep) const {
  std::unordered_map<uint32_t, std::vector<size_t>> creators;  // by pair id
  for (const auto& [statement, subject] : tables_created_) creators[IdOf(subject)].push_back(statement);
  for (const auto& [s, pair] : altered_) {
    if (!keep[s]) continue;
    auto it = creators.find(pair);
    if (it == creators.end()) continue;
    for (size_t c : it->second)
      if (c < s) keep[c] = true;
  }
}

}  // namespace backfill
