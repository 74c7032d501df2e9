#include "planner/catalog/statement_names.h"

#include <cstring>

namespace backfill {
namespace {

bool IsWordStart(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80; }
bool IsWordByte(unsigned char c) { return IsWordStart(c) || (c >= '0' && c <= '9') || c == '$'; }

// PostgreSQL keeps the first 63 bytes of a name (NAMEDATALEN), never half a UTF-8 character.
void ClipName(std::string& name) {
  if (name.size() <= 63) return;
  size_t bytes = 63;
  while (bytes > 0 && (static_cast<unsigned char>(name[bytes]) & 0xC0) == 0x80) --bytes;
  name.resize(bytes);
}

// A token of the statement's top level, kept for its first words and for RENAME ... TO.
struct TopToken {
  std::string text;
  char kind;  // 'w' unquoted word (folded), 'q' quoted identifier, else the symbol itself
};

class NameLexer {
 public:
  NameLexer(StatementNames& out, NameSink* sink) : out_(out), sink_(sink) {}

  // depth 0: the statement; 1 and 2: inside a string or body (lexed again, for the names a body
  // holds); deeper text is read for words only.
  void Lex(std::string_view text, int depth) {
    size_t i = 0, n = text.size();
    while (i < n) {
      unsigned char c = static_cast<unsigned char>(text[i]);
      if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
        ++i;
      } else if (IsWordStart(c)) {
        size_t start = i;
        while (i < n && IsWordByte(static_cast<unsigned char>(text[i]))) ++i;
        std::string& word = word_;
        word.assign(text.substr(start, i - start));
        for (char& ch : word)
          if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
        if (depth < 3 && i < n && text[i] == '\'' && word.size() == 1 && (word == "e" || word == "b" || word == "x" || word == "n")) {
          EndChain(depth);  // E'...' and friends: a string, not a name
          i = String(text, i, word == "e", depth);
          continue;
        }
        if (word == "u" && i + 1 < n && text[i] == '&' && (text[i + 1] == '\'' || text[i + 1] == '"')) out_.unicode_escapes = true;
        ClipName(word);
        Part(word, 'w', depth);
      } else if (c == '"' && depth < 3) {
        std::string name;
        size_t j = i + 1;
        for (;;) {
          const char* q = static_cast<const char*>(memchr(text.data() + j, '"', n - j));
          size_t close = q ? static_cast<size_t>(q - text.data()) : n;
          name.append(text.substr(j, close - j));
          if (close + 1 < n && text[close + 1] == '"') {
            name += '"';
            j = close + 2;
            continue;
          }
          i = close < n ? close + 1 : n;
          break;
        }
        ClipName(name);
        Part(name, 'q', depth);
      } else if (c == '\'' && depth < 3) {
        EndChain(depth);
        i = String(text, i, false, depth);
      } else if (c == '$' && depth < 3 && i + 1 < n && !(text[i + 1] >= '0' && text[i + 1] <= '9')) {
        i = DollarQuote(text, i, depth);
      } else if (c == '-' && depth < 3 && i + 1 < n && text[i + 1] == '-') {
        const char* nl = static_cast<const char*>(memchr(text.data() + i, '\n', n - i));
        i = nl ? static_cast<size_t>(nl - text.data()) : n;
      } else if (c == '/' && depth < 3 && i + 1 < n && text[i + 1] == '*') {
        i = BlockComment(text, i);
      } else if (c >= '0' && c <= '9') {
        EndChain(depth);
        while (i < n && (IsWordByte(static_cast<unsigned char>(text[i])) || text[i] == '.')) ++i;
      } else {
        Symbol(static_cast<char>(c), depth);
        ++i;
      }
    }
    EndChain(depth);
  }

  void Finish() {
    EndChain(0);
    ReadHead();
  }

 private:
  // From the opening quote at `at`: the string's end; its contents are lexed for names.
  size_t String(std::string_view text, size_t at, bool escapes, int depth) {
    size_t i = at + 1, n = text.size();
    while (i < n) {
      if (escapes && text[i] == '\\') {
        i += 2;
      } else if (text[i] == '\'') {
        if (i + 1 < n && text[i + 1] == '\'') {
          i += 2;
        } else {
          break;
        }
      } else {
        ++i;
      }
    }
    size_t end = i < n ? i : n;
    Lex(text.substr(at + 1, end - (at + 1)), depth + 1);
    return end < n ? end + 1 : n;
  }

  // $tag$ ... $tag$; a `$` that opens no tag is a symbol.
  size_t DollarQuote(std::string_view text, size_t at, int depth) {
    size_t i = at + 1, n = text.size();
    while (i < n && text[i] != '$' && IsWordByte(static_cast<unsigned char>(text[i]))) ++i;
    if (i >= n || text[i] != '$' || (i > at + 1 && !IsWordStart(static_cast<unsigned char>(text[at + 1])))) {
      Symbol('$', depth);
      return at + 1;
    }
    EndChain(depth);
    std::string_view tag = text.substr(at, i + 1 - at);
    size_t body = i + 1;
    size_t close = text.find(tag, body);
    size_t end = close == std::string_view::npos ? n : close;
    Lex(text.substr(body, end - body), depth + 1);
    return close == std::string_view::npos ? n : close + tag.size();
  }

  static size_t BlockComment(std::string_view text, size_t at) {
    size_t i = at + 2, n = text.size();
    int nesting = 1;
    while (i < n && nesting > 0) {
      if (text[i] == '/' && i + 1 < n && text[i + 1] == '*') {
        ++nesting;
        i += 2;
      } else if (text[i] == '*' && i + 1 < n && text[i + 1] == '/') {
        --nesting;
        i += 2;
      } else {
        ++i;
      }
    }
    return i;
  }

  // chain_ keeps its strings between chains (chain_size_ of them are in use), so that reading
  // a name allocates nothing once the buffers are large enough.
  void Part(const std::string& part, char kind, int depth) {
    if (depth == 0) Top(part, kind);
    if (!after_dot_) EndChain(depth);
    after_dot_ = false;
    if (chain_size_ == chain_.size()) chain_.emplace_back();
    chain_[chain_size_++].assign(part);
  }

  void Symbol(char c, int depth) {
    if (depth == 0) Top(std::string(1, c), c);
    if (c == '.' && chain_size_ > 0 && !after_dot_) {
      after_dot_ = true;
      return;
    }
    EndChain(depth);
  }

  // a.b.c mentions a unqualified and b in a, c in b: whichever part is the schema, one of them says so.
  void EndChain(int depth) {
    after_dot_ = false;
    if (chain_size_ == 0) return;
    bool in_string = depth > 0;
    for (size_t k = 1; k < chain_size_; ++k) Emit(chain_[k - 1], chain_[k], in_string);
    Emit({}, chain_[0], in_string);
    chain_size_ = 0;
  }

  void Emit(std::string_view schema, const std::string& name, bool in_string) {
    if (sink_) sink_->Mention(schema, name, in_string);
    else out_.mentions.push_back({std::string(schema), name, in_string});
  }

  void Top(const std::string& text, char kind) {
    bool word = kind == 'w';
    if (kind == '(') ++parentheses_;
    if (kind == ')') --parentheses_;
    if (word && parentheses_ == 0 && text == "as") out_.top_level_as = true;
    if (word && last_was_set_ && text == "schema") out_.set_schema = true;
    if (word && text == "rename") {
      rename_ = 1;
    } else if (rename_ == 1 && word && text == "to") {
      rename_ = 2;
    } else if (rename_ == 2 && (word || kind == 'q')) {
      rename_name_ = text;
    } else if (rename_ == 2 && kind != '.') {
      if (!rename_name_.empty()) out_.renamed_to.push_back(rename_name_);
      rename_ = 0, rename_name_.clear();
    }
    last_was_set_ = word && text == "set";
    ++top_tokens_;
    if (first_.size() < 24) first_.push_back({text, kind});
  }

  // The dotted name that starts at first_[k], into `name`; the index after it (k when none).
  size_t NameAt(size_t k, NameMention& name) const {
    std::vector<std::string> parts;
    while (k < first_.size() && (first_[k].kind == 'w' || first_[k].kind == 'q')) {
      parts.push_back(first_[k].text);
      if (k + 1 < first_.size() && first_[k + 1].kind == '.') k += 2;
      else break;
    }
    if (parts.empty()) return k;
    name.name = parts.back();
    if (parts.size() >= 2) name.schema = parts[parts.size() - 2];
    return k + 1;
  }

  // ALTER [FOREIGN] TABLE [IF EXISTS] [ONLY] name
  void ReadAltered() {
    const std::vector<std::string>& h = out_.head;
    if (h.size() < 2 || h[0] != "alter") return;
    size_t k = h[1] == "table" ? 2 : h[1] == "foreign" && h.size() > 2 && h[2] == "table" ? 3 : 0;
    if (k == 0) return;
    while (k < first_.size() && first_[k].kind == 'w' && (first_[k].text == "if" || first_[k].text == "exists" || first_[k].text == "only")) ++k;
    size_t after = NameAt(k, out_.altered);
    out_.owner_only = after + 3 <= first_.size() && first_[after].text == "owner" && first_[after + 1].text == "to" &&
                      (after + 3 == first_.size() || first_[after + 3].kind == ';') && top_tokens_ <= after + 4;
  }

  // CREATE [OR REPLACE] [TEMP|UNLOGGED|MATERIALIZED|...] kind [CONCURRENTLY] [IF NOT EXISTS] name
  void ReadHead() {
    if (rename_ == 2 && !rename_name_.empty()) out_.renamed_to.push_back(rename_name_);
    size_t i = 0;
    while (i < first_.size() && first_[i].kind == 'w') out_.head.push_back(first_[i++].text);
    ReadAltered();
    if (first_.empty() || first_[0].kind != 'w' || first_[0].text != "create") return;
    static const char* const kModifiers[] = {"or", "replace", "global", "local", "temp", "temporary", "unlogged",
                                             "recursive", "materialized", "foreign", "unique", "constraint"};
    static const char* const kKinds[] = {"table", "view", "function", "procedure", "index", "trigger",
                                         "sequence", "type", "domain", "policy", "aggregate"};
    auto in = [](const std::string& word, auto& list) {
      for (const char* w : list)
        if (word == w) return true;
      return false;
    };
    size_t k = 1;
    while (k < first_.size() && first_[k].kind == 'w' && in(first_[k].text, kModifiers)) ++k;
    if (k >= first_.size() || first_[k].kind != 'w' || !in(first_[k].text, kKinds)) return;
    out_.head.resize(std::min(out_.head.size(), k + 1));
    out_.created_kind = first_[k].text;
    ++k;
    while (k < first_.size() && first_[k].kind == 'w' &&
           (first_[k].text == "concurrently" || first_[k].text == "if" || first_[k].text == "not" || first_[k].text == "exists"))
      ++k;
    if (k < first_.size() && first_[k].kind == 'w' && first_[k].text == "on" && out_.created_kind == "index") return;
    NameAt(k, out_.created);
  }

  StatementNames& out_;
  NameSink* sink_;
  std::string word_;
  std::vector<std::string> chain_;
  size_t chain_size_ = 0;
  bool after_dot_ = false;
  std::vector<TopToken> first_;
  bool last_was_set_ = false;
  int parentheses_ = 0;
  size_t top_tokens_ = 0;
  int rename_ = 0;  // 1: RENAME seen, 2: and TO
  std::string rename_name_;
};

}  // namespace

void ReadStatementNames(std::string_view sql, StatementNames& names, NameSink* sink) {
  std::vector<NameMention> mentions = std::move(names.mentions);  // its capacity serves the next statement
  mentions.clear();
  names = StatementNames();
  names.mentions = std::move(mentions);
  NameLexer lexer(names, sink);
  lexer.Lex(sql, 0);
  lexer.Finish();
}

}  // namespace backfill
