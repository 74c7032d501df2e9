#include "planner/code_refs/code_refs.h"

#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <optional>
#include <tuple>

#include "planner/code_refs/source_file.h"
#include "planner/code_refs/sql_mention.h"
#include "planner/diagnostic.h"
#include "planner/input_file.h"
#include "planner/sql/quote.h"

namespace backfill {
namespace {

std::string Alternation(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& w : words) out += (out.empty() ? "" : "|") + RE2::QuoteMeta(w);
  return "(?:" + out + ")";
}

// A block that declares or changes one table: a model class, an entity, a create_table block, a
// migration operation. `ours` when it is about the target table.
struct Scope {
  size_t begin = 0, end = 0;  // lines, inclusive
  std::string construct;
  bool ours = false;
};

int Priority(ReferenceKind kind) {
  switch (kind) {
    case ReferenceKind::kWrite: return 4;
    case ReferenceKind::kFilter: return 3;
    case ReferenceKind::kRead: return 2;
    default: return 1;
  }
}

}  // namespace

const char* ReferenceKindName(ReferenceKind kind) {
  switch (kind) {
    case ReferenceKind::kModel: return "model";
    case ReferenceKind::kRead: return "read";
    case ReferenceKind::kFilter: return "filter";
    case ReferenceKind::kWrite: return "write";
    case ReferenceKind::kMigration: return "migration";
    case ReferenceKind::kTest: return "test";
  }
  return "read";
}

// Every expression is compiled once per target; RE2 matches in time linear in the line.
struct ReferenceFinder::Patterns {
  std::vector<std::string> spellings;  // status, Status; customer_id, customerId, CustomerId, CustomerID
  std::string table, singular, model;  // orders, order, Order
  RE2 column;                          // a spelling as a word
  RE2 table_in_sql;                    // FROM/JOIN/UPDATE/INTO/TABLE/ON [schema.]orders [alias]
  RE2 rails_migration;                 // add_column :orders, ...
  RE2 markers;                         // __tablename__ = "x", db_table, @@map, self.table_name, model_name=
  RE2 pending_markers;                 // @Entity("x"), #[sea_orm(table_name = "x")], @Table(name = "x")
  RE2 created_model;                   // Django CreateModel's name='Order'

  explicit Patterns(const CodeTarget& t)
      : spellings(Spellings(t.column)),
        table(t.table),
        singular(Singular(t.table)),
        model(Camel(Singular(t.table), true)),
        column("\\b(" + Alternation(spellings) + ")(?:\\b|__)"),
        table_in_sql(TableInSqlPattern(t.table)),
        rails_migration("\\b(?:add_column|remove_column|rename_column|change_column|change_column_null|change_column_default|"
                        "add_index|remove_index|add_reference)\\s*\\(?\\s*[:\"']" + RE2::QuoteMeta(t.table) + "\\b"),
        markers("(?:__tablename__|db_table|self\\.table_name|table_name|model_name)\\s*[=:]\\s*[\"']([A-Za-z0-9_.]+)[\"']|"
                "@@map\\(\\s*\"([A-Za-z0-9_.]+)\"\\s*\\)"),
        pending_markers("@Entity\\(\\s*(?:\\{\\s*name\\s*:\\s*)?[\"']([A-Za-z0-9_.]+)[\"']|table_name\\s*=\\s*\"([A-Za-z0-9_.]+)\"|"
                        "@Table\\(\\s*name\\s*=\\s*\"([A-Za-z0-9_.]+)\""),
        created_model("\\bname\\s*=\\s*[\"'](\\w+)[\"']") {}

  static std::vector<std::string> Spellings(const std::string& column) {
    std::vector<std::string> out = {column, Camel(column, false), Camel(column, true)};
    if (EndsWith(column, "_id")) out.push_back(Camel(column.substr(0, column.size() - 3), true) + "ID");
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }
};

namespace {

// What a marker's table name says about the scope: ours, another table's, or nothing.
std::optional<bool> MarkerSays(const std::string& value, const CodeTarget& t, const std::string& singular) {
  std::string name = value.substr(value.rfind('.') == std::string::npos ? 0 : value.rfind('.') + 1);
  if (name == t.table) return true;
  // Django's model_name: the class name in lower case.
  std::string flat = singular;
  flat.erase(std::remove(flat.begin(), flat.end(), '_'), flat.end());
  if (Lower(name) == flat) return true;
  return false;
}

struct Opener {
  RE2 pattern;
  const char* construct;  // "model": the framework's name goes before it
  bool table_named;       // the capture is a table name, else a class name (empty: a Django migration)
};

std::vector<std::unique_ptr<Opener>> Openers(std::initializer_list<std::tuple<const char*, const char*, bool>> list) {
  std::vector<std::unique_ptr<Opener>> out;
  for (const auto& [pattern, construct, table_named] : list)
    out.push_back(std::unique_ptr<Opener>(new Opener{RE2(pattern), construct, table_named}));
  return out;
}

// The lines that open a block about one table or model, per language; compiled once.
const std::vector<std::unique_ptr<Opener>>& OpenersFor(Language language) {
  static const std::vector<std::unique_ptr<Opener>> ruby = Openers(
      {{"^\\s*class\\s+(?:\\w+::)*(\\w+)\\s*<", "ActiveRecord model", false},
       {"^\\s*(?:create_table|change_table)\\s*\\(?\\s*[:\"'](\\w+)", "create_table", true}});
  static const std::vector<std::unique_ptr<Opener>> python = Openers(
      {{"^\\s*class\\s+(\\w+)\\s*\\(", "model", false},
       {"^\\s*migrations\\.(?:CreateModel|AddField|AlterField|RemoveField|RenameField|AddIndex|AlterUniqueTogether)\\s*\\(()",
        "Django migration", false},
       {"\\bTable\\(\\s*[\"'](\\w+)[\"']", "SQLAlchemy table", true}});
  static const std::vector<std::unique_ptr<Opener>> script =
      Openers({{"^\\s*(?:export\\s+)?(?:default\\s+)?(?:abstract\\s+)?class\\s+(\\w+)", "TypeORM entity", false}});
  static const std::vector<std::unique_ptr<Opener>> prisma = Openers({{"^\\s*model\\s+(\\w+)\\s*\\{", "Prisma model", false}});
  static const std::vector<std::unique_ptr<Opener>> go = Openers({{"^\\s*type\\s+(\\w+)\\s+struct\\s*\\{", "GORM model", false}});
  static const std::vector<std::unique_ptr<Opener>> rust = Openers({{"^\\s*pub\\s+struct\\s+(\\w+)", "SeaORM entity", false}});
  static const std::vector<std::unique_ptr<Opener>> elixir = Openers(
      {{"^\\s*schema\\s+\"(\\w+)\"", "Ecto schema", true},
       {"^\\s*(?:create|alter)\\s+(?:table|index)\\(\\s*:(\\w+)", "Ecto migration", true}});
  static const std::vector<std::unique_ptr<Opener>> none;
  switch (language) {
    case Language::kRuby: return ruby;
    case Language::kPython: return python;
    case Language::kScript: return script;
    case Language::kPrisma: return prisma;
    case Language::kGo: return go;
    case Language::kRust: return rust;
    case Language::kElixir: return elixir;
    default: return none;
  }
}

// The last line of a block opened at `begin`: the line before the first non-blank line indented
// no deeper than the opener, or that line itself when it closes the block (end, }, ), ]).
size_t BlockEnd(const std::vector<std::string_view>& lines, size_t begin) {
  size_t indent = Indent(lines[begin]);
  for (size_t i = begin + 1; i < lines.size(); ++i) {
    if (IsBlank(lines[i]) || Indent(lines[i]) > indent) continue;
    std::string_view t = Trim(lines[i]);
    bool closes = t.substr(0, 3) == "end" || t[0] == '}' || t[0] == ')' || t[0] == ']';
    return closes ? i : i - 1;
  }
  return lines.size() - 1;
}

}  // namespace

ReferenceFinder::ReferenceFinder(CodeTarget target)
    : target_(std::move(target)), patterns_(std::make_unique<Patterns>(target_)) {}
ReferenceFinder::~ReferenceFinder() = default;
ReferenceFinder::ReferenceFinder(ReferenceFinder&&) noexcept = default;

bool ReferenceFinder::MayRefer(std::string_view content) const {
  for (const std::string& s : patterns_->spellings)
    if (content.find(s) != std::string_view::npos) return true;
  return false;
}

namespace {

// The reading of one file for one target.
class FileReader {
 public:
  FileReader(const CodeTarget& target, const ReferenceFinder::Patterns& p, const std::string& path, std::string_view content)
      : t_(target), p_(p), path_(path), language_(LanguageOf(path)), role_(RoleOf(path)), lines_(SplitLines(content)) {}

  std::vector<CodeReference> Read() {
    FindScopes();
    std::vector<CodeReference> out;
    for (size_t i = 0; i < lines_.size(); ++i) {
      if (lines_[i].size() > 2000 || IsComment(lines_[i], language_)) continue;
      std::optional<CodeReference> best;
      re2::StringPiece rest(lines_[i].data(), lines_[i].size()), word;
      while (RE2::FindAndConsume(&rest, p_.column, &word)) {
        size_t at = static_cast<size_t>(word.data() - lines_[i].data());
        std::optional<CodeReference> r = Classify(i, at, word.size());
        if (r && (!best || Priority(r->kind) > Priority(best->kind))) best = r;
      }
      if (!best) continue;
      if (role_ == Role::kTest) best->kind = ReferenceKind::kTest;
      else if (role_ == Role::kMigration) best->kind = ReferenceKind::kMigration;
      // Printable and valid UTF-8 whatever the file's name and encoding: the JSON plan and the
      // Markdown carry them (a Latin-1 source line, a newline in a name).
      best->path = PrintableText(path_);
      best->line = static_cast<int>(i + 1);
      best->text = TruncateUtf8(PrintableText(Trim(lines_[i])), 120);
      out.push_back(std::move(*best));
    }
    return out;
  }

 private:
  std::string Framework() const {
    switch (language_) {
      case Language::kRuby: return "ActiveRecord";
      case Language::kPython: return django_ ? "Django" : "SQLAlchemy";
      case Language::kScript: return prisma_ ? "Prisma" : typeorm_ ? "TypeORM" : "JavaScript";
      case Language::kGo: return "GORM";
      case Language::kRust: return "SeaORM";
      case Language::kElixir: return "Ecto";
      case Language::kPrisma: return "Prisma";
      default: return "model layer";
    }
  }

  void FindScopes() {
    for (std::string_view l : lines_) {
      if (l.find("models.") != std::string_view::npos || l.find("django") != std::string_view::npos ||
          l.find(".objects.") != std::string_view::npos)
        django_ = true;
      if (l.find("prisma") != std::string_view::npos || l.find("Prisma") != std::string_view::npos) prisma_ = true;
      if (l.find("typeorm") != std::string_view::npos || l.find("Repository") != std::string_view::npos) typeorm_ = true;
    }
    const auto& openers = OpenersFor(language_);
    for (size_t i = 0; i < lines_.size(); ++i) {
      re2::StringPiece line(lines_[i].data(), lines_[i].size());
      for (const auto& o : openers) {
        std::string name;
        if (!RE2::PartialMatch(line, o->pattern, &name)) continue;
        scopes_.push_back({i, BlockEnd(lines_, i), ConstructName(*o, name), false});
        scopes_.back().ours = ScopeIsOurs(scopes_.back(), name, o->table_named);
        break;
      }
    }
  }

  // "Django model Order", "Rails schema.rb", "Ecto schema".
  std::string ConstructName(const Opener& o, const std::string& name) const {
    std::string c = o.construct;
    if (c == "model") return Framework() + " model " + name;
    if (c == "create_table") return EndsWith(path_, "schema.rb") ? "Rails schema.rb" : "Rails migration";
    if (o.table_named || name.empty()) return c;
    return c + " " + name;
  }

  bool ScopeIsOurs(const Scope& s, const std::string& name, bool table_named) {
    for (size_t i = s.begin; i <= s.end; ++i) {
      re2::StringPiece line(lines_[i].data(), lines_[i].size());
      std::string a, b;
      if (i > s.begin && IsOpenerLine(i)) break;  // a nested block's markers are its own
      if (RE2::PartialMatch(line, p_.markers, &a, &b)) return *MarkerSays(a.empty() ? b : a, t_, p_.singular);
    }
    for (size_t back = 1; back <= 3 && back <= s.begin; ++back) {
      re2::StringPiece line(lines_[s.begin - back].data(), lines_[s.begin - back].size());
      std::string a, b, c;
      if (RE2::PartialMatch(line, p_.pending_markers, &a, &b, &c)) return *MarkerSays(!a.empty() ? a : !b.empty() ? b : c, t_, p_.singular);
    }
    if (table_named) return name == t_.table;
    if (name.empty()) {  // a Django CreateModel: its name='Order'
      for (size_t i = s.begin; i <= s.end; ++i) {
        std::string created;
        if (RE2::PartialMatch(re2::StringPiece(lines_[i].data(), lines_[i].size()), p_.created_model, &created))
          return created == p_.model;
      }
      return false;
    }
    return name == p_.model || name == Camel(t_.table, true) || name == t_.table;
  }

  bool IsOpenerLine(size_t i) const {
    for (const Scope& s : scopes_)
      if (s.begin == i) return true;
    return false;
  }

  // The innermost block the line is in.
  const Scope* ScopeOf(size_t line) const {
    const Scope* inner = nullptr;
    for (const Scope& s : scopes_)
      if (s.begin <= line && line <= s.end && (!inner || s.begin >= inner->begin)) inner = &s;
    return inner;
  }

  std::optional<CodeReference> Classify(size_t i, size_t at, size_t length) {
    std::string_view line = lines_[i];
    if (language_ == Language::kRuby && RE2::PartialMatch(re2::StringPiece(line.data(), line.size()), p_.rails_migration))
      return CodeReference{{}, 0, ReferenceKind::kMigration, "Rails migration", {}};
    if (std::optional<SqlMention> sql = FindSqlMention(lines_, i, at, language_, p_.table_in_sql, t_))
      return CodeReference{{}, 0, sql->kind, sql->construct, {}};
    const Scope* scope = ScopeOf(i);
    // Inside a model's block the statement starts after the opener, which names the model.
    std::string before = Context(i, at, scope ? scope->begin + 1 : 0), after(line.substr(at + length));
    if (scope && scope->ours && !scope->construct.empty()) {
      if (i == scope->begin && language_ != Language::kPython) return std::nullopt;  // the opener names the table, not the column
      std::optional<ReferenceKind> usage = Usage(before, after, true);
      return CodeReference{{}, 0, usage.value_or(DefaultInScope(*scope, line)), scope->construct, {}};
    }
    if (language_ == Language::kSql || language_ == Language::kPrisma || language_ == Language::kOther) return std::nullopt;
    std::optional<bool> query = ThroughOurRows(before, after);  // true: through a call, false: an attribute
    if (!query) return std::nullopt;
    std::optional<ReferenceKind> usage = Usage(before, after, false);
    return CodeReference{{}, 0, usage.value_or(ReferenceKind::kRead), Framework() + (*query ? " query" : " attribute"), {}};
  }

  // An ActiveRecord model declares no columns: a line there is a read unless it is one of the
  // class-level macros that describe the column (validates, enum...). Elsewhere a line of a
  // model's block declares the field.
  static ReferenceKind DefaultInScope(const Scope& scope, std::string_view line) {
    static const RE2 macro("^\\s*(?:validates?\\w*|enum|attribute|alias_attribute|serialize|store_accessor|attr_readonly|normalizes|aasm)\\b");
    if (scope.construct.rfind("ActiveRecord model", 0) != 0) return ReferenceKind::kModel;
    return RE2::PartialMatch(re2::StringPiece(line.data(), line.size()), macro) ? ReferenceKind::kModel : ReferenceKind::kRead;
  }

  // "order.", "@order.", "current_order[:", "&orders": a variable of the table's model.
  // How the column is reached from the table's rows: nullopt when it is not. false for an
  // attribute of a variable named after the table ("order.status", "@order[:status]"); true for
  // an argument of a call through the model ("Order.where(status:", "prisma.order.update({ data:
  // { status"), decided by the chain before each enclosing "(", innermost first: the first name
  // in it that is a table's (this one's or another's) decides, so payment.update(status:) and
  // render(json: {status:}) are not references.
  std::optional<bool> ThroughOurRows(const std::string& before, const std::string& after) const {
    static const RE2 attribute("([@$&]?[A-Za-z_][A-Za-z0-9_]*)\\s*(?:\\.|\\[\\s*[:\"']?|->)\\s*$");
    // Ecto's `from o in Order`: o stands for the model's rows in the rest of the query.
    static const RE2 binding("\\bfrom\\s+([a-z_][A-Za-z0-9_]*)\\s+in\\s+([A-Za-z_][A-Za-z0-9_.]*)");
    std::string name;
    if (RE2::PartialMatch(before, attribute, &name)) {
      if (NamesOurRow(name)) return false;
      re2::StringPiece rest(before);
      std::string variable, model;
      while (RE2::FindAndConsume(&rest, binding, &variable, &model))
        if (variable == name && ChainDecides(model).value_or(false)) return true;
      return std::nullopt;
    }
    // GORM names the model after the condition: db.Where("status = ?", s).Find(&orders).
    static const RE2 later_model("\\)\\s*\\.\\s*[A-Z]\\w*\\(\\s*&([A-Za-z_][A-Za-z0-9_]*)");
    if (language_ == Language::kGo && RE2::PartialMatch(after, later_model, &name)) {
      if (NamesOurRow(name)) return true;
      if (NamesOtherTable(name)) return std::nullopt;
    }
    static const RE2 hash_key("([A-Za-z_][A-Za-z0-9_]*)[\"']?\\s*(?::|=>)\\s*$");  // where(orders: { status: ... })
    int depth = 0, braces = 0;
    for (size_t i = before.size(); i-- > 0;) {
      char c = before[i];
      if (c == '}') ++braces;
      else if (c == '{' && braces > 0) --braces;
      else if (c == '{' && depth == 0 && RE2::PartialMatch(before.substr(0, i), hash_key, &name)) {
        if (NamesOurRow(name)) return true;
        if (NamesOtherTable(name)) return std::nullopt;
      }
      if (c == ')') ++depth;
      else if (c == '(' && depth > 0) --depth;
      else if (c == '(') {
        std::optional<bool> ours = ChainDecides(CallChain(before, i));
        if (ours) return *ours ? std::optional(true) : std::nullopt;
      }
    }
    return std::nullopt;
  }

  // The receiver chain written before the "(" at `open`: identifiers, dots and balanced
  // argument lists ("Order.objects.filter(pk=1).update").
  static std::string CallChain(const std::string& text, size_t open) {
    size_t i = open;
    int depth = 0;
    while (i > 0) {
      char c = text[i - 1];
      if (c == ')') ++depth;
      else if (c == '(' && depth > 0) --depth;
      else if (depth == 0 && !(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '@' || c == '$' ||
                               c == '&' || c == '!' || c == '?' || c == ':' || c == '<' || c == '>'))
        break;
      --i;
    }
    return text.substr(i, open - i);
  }

  // Right to left, the first identifier naming a table decides: true for this one's, false for
  // another's; nullopt when none does.
  std::optional<bool> ChainDecides(const std::string& chain) const {
    static const RE2 identifier("([A-Za-z_][A-Za-z0-9_]*)");
    std::vector<std::string> names;
    re2::StringPiece rest(chain);
    std::string name;
    while (RE2::FindAndConsume(&rest, identifier, &name)) names.push_back(name);
    for (size_t k = names.size(); k-- > 0;) {
      if (NamesOurRow(names[k])) return true;
      if (NamesOtherTable(names[k])) return false;
    }
    return std::nullopt;
  }

  bool NamesOtherTable(const std::string& name) const {
    std::string n = Lower(name);
    for (const std::string& other : t_.other_tables) {
      std::string flat = Singular(other);
      flat.erase(std::remove(flat.begin(), flat.end(), '_'), flat.end());
      if (n == other || n == Singular(other) || n == flat) return true;
    }
    return false;
  }

  bool NamesOurRow(std::string name) const {
    name = Lower(name.substr(name[0] == '@' || name[0] == '$' || name[0] == '&' ? 1 : 0));
    for (const char* tail : {"repository", "repo"})  // TypeORM's orderRepository
      if (EndsWith(name, tail) && name.size() > std::string(tail).size()) name = name.substr(0, name.size() - std::string(tail).size());
    auto ours = [&](const std::string& n) { return n == p_.singular || n == t_.table || n == Lower(p_.model); };
    if (ours(name)) return true;
    size_t underscore = name.rfind('_');
    if (underscore == std::string::npos || !ours(name.substr(underscore + 1))) return false;
    for (const std::string& other : t_.other_tables)  // purchase_order is purchase_orders', not orders'
      if (name == other || name == Singular(other)) return false;
    return true;
  }

  // The statement around the column up to it: the line, and the lines above it inside the
  // same open bracket (a call spread over lines), at most eight.
  std::string Context(size_t i, size_t at, size_t floor) const {
    size_t start = i;
    int balance = 0;
    for (size_t k = i; k-- > floor && i - k <= 8;) {
      for (char c : lines_[k]) balance += (c == '(' || c == '{' || c == '[') - (c == ')' || c == '}' || c == ']');
      if (balance > 0) start = k, balance = 0;  // an enclosing bracket opens here; look for the next one out
    }
    std::string out;
    for (size_t k = start; k < i; ++k) out += std::string(lines_[k]) + "\n";
    return out + std::string(lines_[i].substr(0, at));
  }

  // What the code does with the column, from the call it is an argument of: the last verb
  // before it wins, so update(where: {status}) is a filter and update(data: {status}) a write.
  static std::optional<ReferenceKind> Usage(const std::string& before, const std::string& after, bool in_model) {
    static const RE2 verbs(
        "\\b(update\\w*|create\\w*|insert\\w*|upsert|save|set|data|assign_attributes|write_attribute|updates|"
        "where|filter\\w*|exclude|find_by\\w*|findby\\w*|find_each|having|scope|"
        "select|pluck|values\\w*|order_by|orderby|group_by|groupby|read_attribute)\\b|\\b(?:order|group)\\s*\\(");
    static const RE2 assignment("^\\s*(?:=[^=~>]|\\+=|-=|\\|\\|=)");
    static const RE2 lookup("^__\\w+\\s*=");
    std::string lower = Lower(before);
    if (RE2::PartialMatch(after, lookup)) return ReferenceKind::kFilter;
    bool attribute = !before.empty() && (before.back() == '.' || before.back() == '@' || EndsWith(before, "->"));
    if (attribute && RE2::PartialMatch(after, assignment)) return ReferenceKind::kWrite;
    if (!attribute && in_model && RE2::PartialMatch(after, assignment)) return std::nullopt;  // a field declared: status = models...
    re2::StringPiece rest(lower), verb;
    std::string last;
    while (RE2::FindAndConsume(&rest, verbs, &verb)) last = std::string(verb);
    if (last.empty()) return attribute ? std::optional(ReferenceKind::kRead) : std::nullopt;
    auto starts = [&](const char* p) { return last.rfind(p, 0) == 0; };
    if (starts("update") || starts("create") || starts("insert") || last == "upsert" || last == "save" || last == "set" ||
        last == "data" || last == "assign_attributes" || last == "write_attribute" || last == "updates")
      return ReferenceKind::kWrite;
    if (last == "where" || starts("filter") || last == "exclude" || starts("find") || last == "having" || last == "scope")
      return ReferenceKind::kFilter;
    return ReferenceKind::kRead;
  }

  const CodeTarget& t_;
  const ReferenceFinder::Patterns& p_;
  const std::string& path_;
  Language language_;
  Role role_;
  std::vector<std::string_view> lines_;
  std::vector<Scope> scopes_;
  bool django_ = false, prisma_ = false, typeorm_ = false;
};

// A file the scan reads: a regular file (not a link) of at most 1 MiB with no NUL byte in it.
std::optional<std::string> ReadSourceFile(const std::string& path) {
  std::optional<std::string> text = ReadRegularFileQuietly(path, kMiB);
  if (text && text->find('\0') != std::string::npos) return std::nullopt;
  return text;
}

}  // namespace

std::vector<CodeReference> ReferenceFinder::Find(const std::string& path, std::string_view content) const {
  if (!MayRefer(content)) return {};
  return FileReader(target_, *patterns_, path, content).Read();
}

std::vector<std::vector<CodeReference>> FindCodeReferences(const RepositoryFiles& files, const std::vector<CodeTarget>& targets,
                                                           const std::string& skip_path) {
  std::vector<ReferenceFinder> finders;
  for (const CodeTarget& t : targets) finders.emplace_back(t);
  std::vector<std::vector<CodeReference>> out(targets.size());
  for (const std::string& relative : files.paths) {
    if (relative == skip_path) continue;
    std::optional<std::string> content = ReadSourceFile(files.root + "/" + relative);
    if (!content) continue;
    std::optional<bool> generated;  // asked once a file refers to a target, not of every file
    for (size_t t = 0; t < finders.size(); ++t) {
      std::vector<CodeReference> found = finders[t].Find(relative, *content);
      if (found.empty()) continue;
      if (!generated) generated = files.marked_generated(relative);
      if (*generated) continue;
      out[t].insert(out[t].end(), std::make_move_iterator(found.begin()), std::make_move_iterator(found.end()));
    }
  }
  return out;
}

}  // namespace backfill
