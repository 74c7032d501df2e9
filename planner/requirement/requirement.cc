#include "planner/requirement/requirement.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <vector>

#include <nlohmann/json.hpp>

#include "planner/catalog/source_text.h"
#include "planner/input_file.h"
#include "planner/requirement/duplicate_keys.h"
#include "planner/sql/expression.h"
#include "planner/sql/parse_tree.h"
#include "planner/sql/quote.h"
#include "planner/sql/tokens.h"

namespace backfill {
namespace {

using Json = nlohmann::json;

// Where `"key":` first appears in the text: good enough to point an editor at a top-level key.
size_t KeyOffset(const std::string& text, const std::string& key) {
  std::string quoted = Json(key).dump();
  size_t at = 0;
  while ((at = text.find(quoted, at)) != std::string::npos) {
    size_t after = text.find_first_not_of(" \t\r\n", at + quoted.size());
    if (after != std::string::npos && text[after] == ':') return at;
    at += quoted.size();
  }
  return 0;
}

std::string Trimmed(const std::string& text) {
  size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

// The one node of `SELECT NULL::<type>` that must be all there is: the cast's TypeName, or null
// when the text parsed into anything more (a second expression, a clause, an operator, a
// COLLATE, another cast).
const Json* CastTypeName(const Json& tree) {
  // value() gives copies: the node returned must be the tree's own.
  if (!tree.contains("stmts")) return nullptr;
  const Json& stmts = tree["stmts"];
  if (stmts.size() != 1 || !stmts[0].contains("stmt") || !stmts[0]["stmt"].contains("SelectStmt")) return nullptr;
  const Json& select = stmts[0]["stmt"]["SelectStmt"];
  for (auto it = select.begin(); it != select.end(); ++it)
    if (it.key() != "targetList" && it.key() != "limitOption" && it.key() != "op") return nullptr;
  if (!select.contains("targetList")) return nullptr;
  const Json& targets = select["targetList"];
  if (targets.size() != 1 || !targets[0].contains("ResTarget")) return nullptr;
  const Json& target = targets[0]["ResTarget"];
  if (target.contains("name") || !target.contains("val") || !target["val"].contains("TypeCast")) return nullptr;
  const Json& cast = target["val"]["TypeCast"];
  if (!cast.contains("arg") || !cast["arg"].contains("A_Const") || !cast["arg"]["A_Const"].value("isnull", false) ||
      !cast.contains("typeName"))
    return nullptr;
  return &cast["typeName"];
}

// PostgreSQL takes only constants and names as type modifiers (numeric(12,2), geometry(point,4326));
// of the constants, whole numbers are the ones a type written into the plan needs.
bool IsPlainTypeModifier(const Json& modifier) {
  if (modifier.contains("A_Const")) return modifier["A_Const"].contains("ival");
  if (!modifier.contains("ColumnRef")) return false;
  const Json& fields = modifier["ColumnRef"].value("fields", Json::array());
  return fields.size() == 1 && fields[0].contains("String");
}

constexpr int kMaxTypeNesting = 64;

struct NumberRange {
  double min, max;
  bool integer;
};

class RequirementReader {
 public:
  RequirementReader(const std::string& file, const std::string& text) : source_(file, text) {}

  Requirement Read() {
    if (source_.text().size() > kMaxRequirementBytes)
      throw InputError({source_.file()}, "the requirement file is larger than the limit of " + ByteSizeText(kMaxRequirementBytes),
                       "check that this is the right file");
    // nlohmann stops at a NUL byte as at the end of the text: what follows would be ignored.
    if (size_t nul = source_.text().find('\0'); nul != std::string::npos)
      source_.Fail(nul, "the file holds a NUL byte", "a requirement file is JSON text");
    Json root;
    try {
      root = Json::parse(source_.text());
    } catch (const Json::out_of_range& e) {
      // A number too large for any JSON number type; nlohmann gives no position for it.
      source_.Fail(0, "invalid JSON: a number is out of range", "use a smaller number");
    } catch (const Json::parse_error& e) {
      size_t at = e.byte > 0 ? e.byte - 1 : 0;
      std::string message = e.what();
      // nlohmann's message: "[json.exception.parse_error.101] parse error at line 1, column 5: <detail>"
      size_t detail = message.find(": ", message.find("parse error"));
      source_.Fail(at, "invalid JSON: " + (detail == std::string::npos ? message : message.substr(detail + 2)));
    }
    if (!root.is_object()) source_.Fail(0, "the requirement must be a JSON object", "see schemas/requirement.schema.json");
    if (std::optional<DuplicateKey> twice = FindDuplicateKey(source_.text()))
      source_.Fail(twice->offset, "key \"" + twice->key + "\" is given twice in one object",
                   "keep one: JSON readers silently use the last");
    Requirement r;
    r.source = source_.file();
    const std::vector<std::string> known = {"$schema",   "target",       "kind",          "reason",
                                            "set",       "where",        "estimated_rows", "batch_size",
                                            "sleep_ms",  "parallelism",  "execution",     "not_null_after",
                                            "max_replica_lag_s", "write_heavy", "lock_timeout_ms",
                                            "statement_timeout_ms", "max_retries", "backup_retention_days",
                                            "on_application_write", "to",         "type",          "using",
                                            "reverse",   "target_batch_ms", "min_batch_size", "max_batch_size",
                                            "max_lock_waiters", "critical_lock_waiters", "max_active_sessions",
                                            "critical_active_sessions", "throttle_query", "feature_flag"};
    for (auto it = root.begin(); it != root.end(); ++it) {
      if (std::find(known.begin(), known.end(), it.key()) == known.end())
        Fail(it.key(), "unknown key \"" + it.key() + "\"", DidYouMean(it.key(), known));
    }
    if (root.contains("$schema")) String(root, "$schema");  // only for editors, but a string
    if (root.contains("target")) {
      r.target_place = Place("target");
      r.target = ParseTargetName(String(root, "target"), r.target_place);
    }
    if (root.contains("kind")) {
      std::string kind = Choice(root, "kind", {"fill", "fix", "rename", "retype"});
      r.kind = kind == "fix"      ? BackfillKind::kFix
               : kind == "rename" ? BackfillKind::kRename
               : kind == "retype" ? BackfillKind::kRetype
                                  : BackfillKind::kFill;
    }
    if (root.contains("reason")) r.reason = String(root, "reason");
    if (root.contains("set")) r.set_sql = Expression(root, "set"), r.set_place = Place("set");
    if (root.contains("where")) r.where_sql = Expression(root, "where"), r.where_place = Place("where");
    if (root.contains("to")) r.to_column = ColumnName(root, "to"), r.to_place = Place("to");
    if (root.contains("type")) r.type_sql = TypeName(root, "type"), r.type_place = Place("type");
    if (root.contains("using")) r.using_sql = Expression(root, "using"), r.using_place = Place("using");
    if (root.contains("reverse")) r.reverse_sql = Expression(root, "reverse"), r.reverse_place = Place("reverse");
    if (root.contains("estimated_rows")) r.estimated_rows = static_cast<int64_t>(Number(root, "estimated_rows", {0, 1e13, true}));
    if (root.contains("batch_size")) r.batch_size = static_cast<int>(Number(root, "batch_size", {1, 1000000, true}));
    if (root.contains("sleep_ms")) r.sleep_ms = static_cast<int>(Number(root, "sleep_ms", {0, 600000, true}));
    if (root.contains("parallelism")) r.parallelism = static_cast<int>(Number(root, "parallelism", {1, 64, true}));
    if (root.contains("execution")) {
      std::string mode = Choice(root, "execution", {"online", "maintenance_window", "background_job"});
      r.execution = mode == "online" ? ExecutionMode::kOnline
                    : mode == "maintenance_window" ? ExecutionMode::kMaintenanceWindow
                                                   : ExecutionMode::kBackgroundJob;
    }
    if (root.contains("not_null_after")) r.not_null_after = Bool(root, "not_null_after");
    if (root.contains("on_application_write"))
      r.on_application_write =
          Choice(root, "on_application_write", {"reapply", "keep"}) == "keep" ? AppWritePolicy::kKeep : AppWritePolicy::kReapply;
    if (root.contains("max_replica_lag_s")) r.max_replica_lag_s = Number(root, "max_replica_lag_s", {0, 3600, false});
    if (root.contains("write_heavy")) r.write_heavy = Bool(root, "write_heavy");
    if (root.contains("lock_timeout_ms")) r.lock_timeout_ms = static_cast<int>(Number(root, "lock_timeout_ms", {1, 600000, true}));
    if (root.contains("statement_timeout_ms"))
      r.statement_timeout_ms = static_cast<int>(Number(root, "statement_timeout_ms", {1, 86400000, true}));
    if (root.contains("max_retries")) r.max_retries = static_cast<int>(Number(root, "max_retries", {0, 100, true}));
    if (root.contains("backup_retention_days"))
      r.backup_retention_days = static_cast<int>(Number(root, "backup_retention_days", {1, 3650, true}));
    if (root.contains("feature_flag")) r.feature_flag = ReadFeatureFlag(root);
    ReadRunnerSettings(root, r);
    CheckKeysOfKind(root, r.kind);
    CheckBatchBounds(r);
    return r;
  }

 private:
  SourcePlace Place(const std::string& key) const { return source_.PlaceOf(KeyOffset(source_.text(), key)); }

  [[noreturn]] void Fail(const std::string& key, const std::string& message, const std::string& suggestion = {}) const {
    throw InputError(Place(key), message, suggestion);
  }

  // {"name": "...", "reads_column": true}: a name people and flag systems use, printed in prose.
  Requirement::FeatureFlag ReadFeatureFlag(const Json& root) const {
    const Json& flag = root["feature_flag"];
    if (!flag.is_object())
      Fail("feature_flag", "\"feature_flag\" must be an object, not " + std::string(flag.type_name()),
           "write {\"name\": \"orders_status_filter\", \"reads_column\": true}");
    for (auto it = flag.begin(); it != flag.end(); ++it)
      if (it.key() != "name" && it.key() != "reads_column")
        Fail("feature_flag", "unknown key \"" + it.key() + "\" in \"feature_flag\"", DidYouMean(it.key(), {"name", "reads_column"}));
    Requirement::FeatureFlag out;
    if (!flag.contains("name") || !flag["name"].is_string())
      Fail("feature_flag", "\"feature_flag\" needs a \"name\" string", "the flag's name, as your flag system spells it");
    out.name = flag["name"].get<std::string>();
    bool printable = !out.name.empty() && out.name.size() <= 200;
    for (unsigned char c : out.name) printable = printable && c >= 0x20 && c != 0x7f;
    if (!printable)
      Fail("feature_flag", "\"feature_flag\" name must be 1 to 200 bytes with no control character");
    if (flag.contains("reads_column")) {
      if (!flag["reads_column"].is_boolean())
        Fail("feature_flag", "\"reads_column\" in \"feature_flag\" must be true or false");
      out.reads_column = flag["reads_column"].get<bool>();
    }
    return out;
  }

  std::string String(const Json& root, const std::string& key) const {
    if (!root[key].is_string()) Fail(key, "\"" + key + "\" must be a string, not " + std::string(root[key].type_name()));
    return root[key].get<std::string>();
  }

  // An SQL expression: checked in full later (planner/sql/expression.cc); its size limit is the
  // schema's maxLength, so the file is refused here already.
  std::string Expression(const Json& root, const std::string& key) const {
    std::string text = String(root, key);
    if (text.size() > kMaxExpressionBytes)
      Fail(key, "\"" + key + "\" is longer than " + std::to_string(kMaxExpressionBytes) + " bytes");
    return text;
  }

  // A column name as PostgreSQL stores it: the text is the name itself, neither quoted nor folded.
  std::string ColumnName(const Json& root, const std::string& key) const {
    std::string name = String(root, key);
    if (name.empty()) Fail(key, "\"" + key + "\" is empty", "give the new column's name");
    if (std::any_of(name.begin(), name.end(), IsControlByte))
      Fail(key, "\"" + key + "\" holds a control character", "give the name without line breaks or other control characters");
    if (name.size() > kMaxColumnNameBytes)
      Fail(key, "\"" + key + "\" is " + std::to_string(name.size()) + " bytes long: PostgreSQL would truncate it to " +
                    std::to_string(kMaxColumnNameBytes),
           "give a name of at most " + std::to_string(kMaxColumnNameBytes) + " bytes");
    return name;
  }

  // One SQL type name, checked by parsing `SELECT NULL::<type>`: the text must be all one cast's
  // type. It is kept as written (trimmed), so it may hold no comment, `;` or control character.
  std::string TypeName(const Json& root, const std::string& key) const {
    std::string text = Trimmed(Expression(root, key));
    auto fail = [&](const std::string& message, const std::string& suggestion = {}) -> void {
      Fail(key, "\"" + key + "\" " + message,
           suggestion.empty() ? "give one SQL type, e.g. bigint, numeric(12,2) or text[]" : suggestion);
    };
    if (text.empty()) fail("is empty");
    if (std::any_of(text.begin(), text.end(), IsControlByte)) fail("holds a control character", "write the type on one line");
    std::vector<Token> tokens;
    if (ScanTokens(text, tokens)) {
      int depth = 0;
      for (const Token& t : tokens) {
        if (t.is_comment) fail("holds a comment", "remove the comment");
        if (t.kind == ';') fail("holds a `;`");
        if (t.kind == '(' && ++depth > kMaxTypeNesting)
          fail("nests parentheses deeper than " + std::to_string(kMaxTypeNesting) + " levels");
        if (t.kind == ')') --depth;
      }
    }
    const std::string prefix = "SELECT NULL::";
    Json tree;
    int error_offset = -1;
    try {
      tree = ParseSql(prefix + text, &error_offset);
    } catch (const std::runtime_error& e) {
      int at = error_offset - static_cast<int>(prefix.size());
      fail("is not an SQL type: " + std::string(e.what()) + (at >= 0 ? " at character " + std::to_string(at + 1) : ""));
    }
    const Json* type = CastTypeName(tree);
    if (!type) fail("is not a single SQL type");
    if (type->value("setof", false) || type->value("pct_type", false)) fail("is not a column's type (SETOF or %TYPE)");
    for (const Json& modifier : type->value("typmods", Json::array()))
      if (!IsPlainTypeModifier(modifier)) fail("has a type modifier that is neither a whole number nor a name");
    return text;
  }

  // How the run adapts its batches and when it waits or stops for the server's load.
  void ReadRunnerSettings(const Json& root, Requirement& r) const {
    if (root.contains("target_batch_ms"))
      r.target_batch_ms = static_cast<int>(Number(root, "target_batch_ms", {1, 600000, true}));
    for (const char* key : {"min_batch_size", "max_batch_size"}) {
      if (!root.contains(key)) continue;
      if (!r.target_batch_ms)
        Fail(key, "\"" + std::string(key) + "\" goes only with \"target_batch_ms\": without a target the batch size is fixed",
             "add \"target_batch_ms\", e.g. 200, or remove \"" + std::string(key) + "\"");
      int value = static_cast<int>(Number(root, key, {1, 1000000, true}));
      if (std::string(key) == "min_batch_size") r.min_batch_size = value, r.min_batch_place = Place(key);
      else r.max_batch_size = value, r.max_batch_place = Place(key);
    }
    if (r.target_batch_ms && *r.target_batch_ms >= r.statement_timeout_ms)
      Fail("target_batch_ms", "\"target_batch_ms\" is " + std::to_string(*r.target_batch_ms) +
                                  " ms, not below statement_timeout_ms (" + std::to_string(r.statement_timeout_ms) +
                                  " ms): every batch would be cancelled",
           "aim well below the timeout, e.g. " + std::to_string(std::max(1, r.statement_timeout_ms / 10)));
    struct Limit {
      const char* key;
      int* value;
    };
    for (Limit limit : {Limit{"max_lock_waiters", &r.max_lock_waiters}, Limit{"critical_lock_waiters", &r.critical_lock_waiters},
                        Limit{"max_active_sessions", &r.max_active_sessions},
                        Limit{"critical_active_sessions", &r.critical_active_sessions}})
      if (root.contains(limit.key)) *limit.value = static_cast<int>(Number(root, limit.key, {0, 100000, true}));
    auto below = [&](const char* low, int low_value, const char* high, int high_value) {
      if (low_value > 0 && high_value > 0 && high_value <= low_value)
        Fail(high, "\"" + std::string(high) + "\" (" + std::to_string(high_value) + ") must be above \"" + low + "\" (" +
                       std::to_string(low_value) + "): the run pauses at the one and stops at the other",
             "raise \"" + std::string(high) + "\", or set it to 0 (off)");
    };
    below("max_lock_waiters", r.max_lock_waiters, "critical_lock_waiters", r.critical_lock_waiters);
    below("max_active_sessions", r.max_active_sessions, "critical_active_sessions", r.critical_active_sessions);
    if (root.contains("throttle_query")) {
      r.throttle_query = Expression(root, "throttle_query");
      r.throttle_place = Place("throttle_query");
    }
  }

  // The keys that belong to other kinds, and the keys a kind needs. Only what needs no schema:
  // the columns `to` and `using` name are checked against the table later.
  void CheckKeysOfKind(const Json& root, BackfillKind kind) const {
    const std::string name = KindName(kind);
    bool expand_contract = kind == BackfillKind::kRename || kind == BackfillKind::kRetype;
    if (root.contains("to") && !expand_contract)
      Fail("to", "\"to\" goes only with kind rename or retype, not " + name,
           "set \"kind\": \"rename\" to copy the column into a new one, or remove \"to\"");
    for (const char* key : {"type", "using", "reverse"}) {
      if (!root.contains(key) || kind == BackfillKind::kRetype) continue;
      Fail(key, "\"" + std::string(key) + "\" goes only with kind retype, not " + name,
           kind == BackfillKind::kRename
               ? "set \"kind\": \"retype\" (with \"to\") to change the type too, or remove \"" + std::string(key) + "\""
               : "set \"kind\": \"retype\" to change the column's type, or remove \"" + std::string(key) + "\"");
    }
    if (kind == BackfillKind::kRename) {
      if (root.contains("set"))
        Fail("set", "\"set\" does not go with kind rename: a rename copies every row's value as it is", "remove \"set\"");
      if (root.contains("where"))
        Fail("where", "\"where\" does not go with kind rename: a rename copies every row", "remove \"where\"");
      if (!root.contains("to"))
        Fail("kind", "kind rename needs \"to\", the new column's name", "add \"to\": \"<new column name>\"");
    }
    if (kind == BackfillKind::kRetype) {
      if (root.contains("set"))
        Fail("set", "\"set\" does not go with kind retype: the new column's value is \"using\"",
             "write the expression as \"using\", or remove \"set\" to cast the old column to \"type\"");
      if (root.contains("where"))
        Fail("where", "\"where\" does not go with kind retype: the copy covers every row", "remove \"where\"");
      if (!root.contains("type"))
        Fail("kind", "kind retype needs \"type\", the new column's SQL type", "add \"type\", e.g. \"type\": \"bigint\"");
      // Without "to" the column keeps its name: the copy is swapped in for it at the switch.
    }
  }

  bool Bool(const Json& root, const std::string& key) const {
    if (!root[key].is_boolean()) Fail(key, "\"" + key + "\" must be true or false, not " + std::string(root[key].type_name()));
    return root[key].get<bool>();
  }

  std::string Choice(const Json& root, const std::string& key, const std::vector<std::string>& values) const {
    std::string value = String(root, key);
    if (std::find(values.begin(), values.end(), value) == values.end()) {
      std::string list;
      for (const std::string& v : values) list += (list.empty() ? "" : ", ") + v;
      Fail(key, "\"" + key + "\" must be one of " + list + ", not \"" + value + "\"", DidYouMean(value, values));
    }
    return value;
  }

  double Number(const Json& root, const std::string& key, NumberRange range) const {
    const Json& v = root[key];
    if (!v.is_number()) Fail(key, "\"" + key + "\" must be a number, not " + std::string(v.type_name()));
    double value = v.get<double>();
    // JSON Schema's "integer" is any whole number, 10.0 and 1e2 included.
    if (range.integer && std::floor(value) != value)
      Fail(key, "\"" + key + "\" must be a whole number");
    if (value < range.min || value > range.max) {
      auto text = [](double d) { return std::to_string(static_cast<long long>(d)); };
      Fail(key, "\"" + key + "\" is " + v.dump() + ", outside " + text(range.min) + ".." + text(range.max));
    }
    return value;
  }

  SourceText source_;
};

}  // namespace

Requirement ReadRequirementText(const std::string& file_label, const std::string& text) {
  return RequirementReader(file_label, text).Read();
}

Requirement ReadRequirementFile(const std::string& path) {
  return ReadRequirementText(path, ReadRegularFile(path, "requirement file", kMaxRequirementBytes));
}

BatchBounds AdaptiveBounds(const Requirement& r) {
  return {r.min_batch_size.value_or(std::max(1, r.batch_size / 10)), r.max_batch_size.value_or(std::min(1000000, r.batch_size * 10))};
}

void CheckBatchBounds(const Requirement& r) {
  if (!r.target_batch_ms) return;
  BatchBounds b = AdaptiveBounds(r);
  std::string size = std::to_string(r.batch_size);
  if (b.min > r.batch_size)
    throw InputError(r.min_batch_place, "\"min_batch_size\" is " + std::to_string(b.min) + ", above batch_size (" + size + ")",
                     "the first batch has batch_size rows: give a min_batch_size of at most " + size);
  if (b.max < r.batch_size)
    throw InputError(r.max_batch_place, "\"max_batch_size\" is " + std::to_string(b.max) + ", below batch_size (" + size + ")",
                     "the first batch has batch_size rows: give a max_batch_size of at least " + size);
}

const char* KindName(BackfillKind kind) {
  switch (kind) {
    case BackfillKind::kFill: return "fill";
    case BackfillKind::kFix: return "fix";
    case BackfillKind::kRename: return "rename";
    case BackfillKind::kRetype: return "retype";
  }
  return "fill";
}

const char* ExecutionName(ExecutionMode mode) {
  switch (mode) {
    case ExecutionMode::kOnline: return "online";
    case ExecutionMode::kMaintenanceWindow: return "maintenance_window";
    case ExecutionMode::kBackgroundJob: return "background_job";
  }
  return "online";
}

AppWritePolicy AppWrites(const Requirement& r) {
  if (r.on_application_write) return *r.on_application_write;
  return r.kind == BackfillKind::kFill ? AppWritePolicy::kReapply : AppWritePolicy::kKeep;
}

const char* AppWritePolicyName(AppWritePolicy policy) { return policy == AppWritePolicy::kKeep ? "keep" : "reapply"; }

}  // namespace backfill
