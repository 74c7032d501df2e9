// Which statements of a schema file can matter to a plan of one table, decided from the names
// they mention (statement_names.h) before any of them is parsed, so that only those are parsed.
// It starts from the table (and the names the requirement's own SQL mentions) and closes over
// every statement that mentions a name already reached, adding the names that statement
// mentions: the table's triggers, their functions and what those bodies name, foreign keys both
// ways, views, partitions and parents, policies, types and domains, RENAME chains. Only names the
// file creates (or renames to) are followed. When unsure it keeps a statement: every statement
// of a kind whose effect is not confined to the objects it names (SET, CREATE SCHEMA, DROP,
// CREATE EXTENSION, anything unfamiliar) is kept, and so is every CREATE TABLE of a name created
// twice (the reader must report it) and every statement naming something whose name starts as a
// kept table's does (PostgreSQL's default index and constraint names avoid the names in use).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "planner/catalog/name_ids.h"
#include "planner/catalog/statement_names.h"

namespace backfill {

struct SchemaFocus {
  std::string schema;  // empty: the table in whichever schema has it
  std::string table;
  std::vector<std::string> sql;  // the requirement's SQL (value, WHERE, type): its names matter too
};

class RelevantStatements : private NameSink {
 public:
  RelevantStatements() { SetSearchPath({"public"}); }  // CatalogBuilder's before any SET

  // Statements in file order, then Decide: one answer per statement, true to parse it.
  void Reserve(size_t statements, size_t bytes);  // how many will be added, and their size
  void Add(std::string_view statement);
  std::vector<bool> Decide(const SchemaFocus& focus);

  // Whether the statement just added may set the search_path; the reader then parses it and
  // says what the path has become (as CatalogBuilder keeps it: never empty), for the next ones.
  bool SetsSearchPath();
  void SetSearchPath(const std::vector<std::string>& schemas);

 private:
  enum class Kind : uint8_t { kConfined, kFunction, kAlways };

  uint32_t NameId(std::string_view name);
  void Mention(std::string_view schema, std::string_view name, bool in_string) override;
  bool ReadMentions(std::string_view name);  // whether the statement just read names it
  uint64_t RelationKey(const NameMention& name);
  bool CreatedBefore(const NameMention& table);
  uint32_t Mention(const NameMention& m, bool resolved);
  uint32_t PairMention(uint32_t schema, uint32_t name, uint32_t flags);
  uint32_t NameOf(uint32_t mention) const;
  template <typename F>
  bool AnyMention(size_t statement, F f) const;  // f(mention) until it returns true; whether it did
  void KeepLiveMentions();
  int Match(size_t statement) const;
  bool Reached(uint32_t mention, bool strong, const std::vector<uint32_t>& path) const;
  bool Reach(uint32_t mention, bool strong);
  bool Extend(size_t statement, bool strong);
  void KeepNamesLikeTables(std::vector<bool>& keep) const;
  void KeepDuplicateTables(std::vector<bool>& keep) const;
  void KeepAlteredTables(std::vector<bool>& keep) const;

  NameIds names_;
  PairIds pairs_;  // (schema, name) ids
  std::vector<bool> created_, table_created_;          // by name id
  std::vector<bool> schemas_;  // names of schemas: created, in a search_path, or of created objects
  std::vector<bool> created_pairs_;  // by pair id: the objects the file creates
  std::vector<bool> renamed_;        // by name id: names a RENAME ... TO gives, in any schema
  std::vector<uint8_t> mention_bytes_;   // every statement's mentions, one after the other, packed
  std::vector<uint32_t> first_mention_;  // per statement (and one past the last), into mention_bytes_
  std::vector<uint32_t> statement_mentions_;  // the statement being added's, as it sorts them
  std::vector<uint32_t> live_, live_first_;   // Decide's: the mentions of names that can be reached
  std::vector<Kind> kinds_;
  std::vector<uint32_t> subjects_;                     // the created object's mention, or kNone
  std::vector<std::pair<size_t, uint32_t>> tables_created_;  // (statement, subject) of CREATE TABLE and VIEW
  std::vector<std::pair<uint32_t, uint32_t>> altered_;  // (statement, pair): the tables an ALTER TABLE may alter
  std::unordered_set<uint64_t> relations_created_;  // (schema, name) of tables and views created so far
  // Reached names: all, and those reached other than through a function body alone (strong).
  struct ReachedNames {
    std::vector<bool> pair, name_only, name_of_pair;
  } all_, strong_;
  std::vector<std::string> search_path_;
  std::vector<std::vector<uint32_t>> paths_;  // every search_path in force, as name ids
  std::vector<uint32_t> path_of_;                    // per statement, an index into paths_
  StatementNameReader reader_;
  StatementNames scratch_;
  struct ReadMention {
    uint32_t schema, name;  // name ids; schema kNone when unqualified
    bool in_string;
  };
  std::vector<ReadMention> read_;  // the statement being added's, as the lexer reads them
};

}  // namespace backfill
