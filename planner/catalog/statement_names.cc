#include "planner/catalog/statement_names.h"

#include <array>
#include <cstring>

namespace backfill {
namespace {

// Byte classes, looked up once per byte: the lexer reads every byte of a schema file.
enum : uint8_t { kWordStart = 1, kWordByte = 2, kSpace = 4 };

constexpr std::array<uint8_t, 256> MakeClasses() {
  std::array<uint8_t, 256> classes{};
  for (int c = 0; c < 256; ++c) {
    bool start = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
    bool word = start || (c >= '0' && c <= '9') || c == '$';
    bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
    classes[c] = static_cast<uint8_t>((start ? kWordStart : 0) | (word ? kWordByte : 0) | (space ? kSpace : 0));
  }
  return classes;
}
constexpr std::array<uint8_t, 256> kClasses = MakeClasses();

bool Is(char c, uint8_t cls) { return kClasses[static_cast<unsigned char>(c)] & cls; }

// PostgreSQL keeps the first 63 bytes of a name (NAMEDATALEN), never half a UTF-8 character.
size_t ClippedLength(const char* name, size_t size) {
  if (size <= 63) return size;
  size_t bytes = 63;
  while (bytes > 0 && (static_cast<unsigned char>(name[bytes]) & 0xC0) == 0x80) --bytes;
  return bytes;
}

}  // namespace

// The lexer of one statement; its buffers are the reader's, so that they outlive the statement.
class NameLexer {
 public:
  using TopToken = StatementNameReader::TopToken;

  NameLexer(StatementNameReader& reader, StatementNames& out, NameSink* sink) : r_(reader), out_(out), sink_(sink) {
    r_.chain_text_.clear();
    r_.chain_ends_.clear();
    r_.rename_name_.clear();
  }

  // depth 0: the statement; 1 and 2: inside a string or body (lexed again, for the names a body
  // holds); deeper text is read for words only.
  void Lex(std::string_view text, int depth) {
    size_t i = 0, n = text.size();
    const char* s = text.data();
    while (i < n) {
      char c = s[i];
      if (Is(c, kSpace)) {
        ++i;
      } else if (Is(c, kWordStart)) {
        size_t start = i;
        while (i < n && Is(s[i], kWordByte)) ++i;
        size_t size = i - start;
        char lower = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        if (size == 1 && depth < 3 && i < n && s[i] == '\'' && (lower == 'e' || lower == 'b' || lower == 'x' || lower == 'n')) {
          EndChain(depth);  // E'...' and friends: a string, not a name
          i = String(text, i, lower == 'e', depth);
          continue;
        }
        if (size == 1 && lower == 'u' && i + 1 < n && s[i] == '&' && (s[i + 1] == '\'' || s[i + 1] == '"')) out_.unicode_escapes = true;
        std::string& word = r_.word_;
        word.assign(s + start, ClippedLength(s + start, size));
        for (char& ch : word)
          if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
        Part(word, 'w', depth);
      } else if (c == '"' && depth < 3) {
        std::string& name = r_.word_;
        name.clear();
        size_t j = i + 1;
        for (;;) {
          const char* q = static_cast<const char*>(memchr(s + j, '"', n - j));
          size_t close = q ? static_cast<size_t>(q - s) : n;
          name.append(s + j, close - j);
          if (close + 1 < n && s[close + 1] == '"') {
            name += '"';
            j = close + 2;
            continue;
          }
          i = close < n ? close + 1 : n;
          break;
        }
        name.resize(ClippedLength(name.data(), name.size()));
        Part(name, 'q', depth);
      } else if (c == '\'' && depth < 3) {
        EndChain(depth);
        i = String(text, i, false, depth);
      } else if (c == '$' && depth < 3 && i + 1 < n && !(s[i + 1] >= '0' && s[i + 1] <= '9')) {
        i = DollarQuote(text, i, depth);
      } else if (c == '-' && depth < 3 && i + 1 < n && s[i + 1] == '-') {
        const char* nl = static_cast<const char*>(memchr(s + i, '\n', n - i));
        i = nl ? static_cast<size_t>(nl - s) : n;
      } else if (c == '/' && depth < 3 && i + 1 < n && s[i + 1] == '*') {
        i = BlockComment(text, i);
      } else if (c >= '0' && c <= '9') {
        EndChain(depth);
        while (i < n && (Is(s[i], kWordByte) || s[i] == '.')) ++i;
      } else {
        Symbol(c, depth);
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
    const char* s = text.data();
    while (i < n) {
      // Only a quote (or, with escapes, a backslash) can end the run: find the next at memchr speed.
      const char* quote = static_cast<const char*>(memchr(s + i, '\'', n - i));
      size_t next = quote ? static_cast<size_t>(quote - s) : n;
      if (escapes) {
        const char* slash = static_cast<const char*>(memchr(s + i, '\\', next - i));
        if (slash) {
          i = static_cast<size_t>(slash - s) + 2;
          continue;
        }
      }
      i = next;
      if (i >= n) break;
      if (i + 1 < n && s[i + 1] == '\'') {
        i += 2;
      } else {
        break;
      }
    }
    size_t end = i < n ? i : n;
    Lex(text.substr(at + 1, end - (at + 1)), depth + 1);
    return end < n ? end + 1 : n;
  }

  // $tag$ ... $tag$; a `$` that opens no tag is a symbol.
  size_t DollarQuote(std::string_view text, size_t at, int depth) {
    size_t i = at + 1, n = text.size();
    while (i < n && text[i] != '$' && Is(text[i], kWordByte)) ++i;
    if (i >= n || text[i] != '$' || (i > at + 1 && !Is(text[at + 1], kWordStart))) {
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

  // The chain's parts are kept one after the other in chain_text_, so that reading a name
  // allocates nothing once the buffers are large enough.
  void Part(std::string_view part, char kind, int depth) {
    if (depth == 0) Top(part, kind);
    if (!after_dot_) EndChain(depth);
    after_dot_ = false;
    r_.chain_text_.append(part);
    r_.chain_ends_.push_back(static_cast<uint32_t>(r_.chain_text_.size()));
  }

  void Symbol(char c, int depth) {
    if (depth == 0) Top(std::string_view(&c, 1), c);
    if (c == '.' && !r_.chain_ends_.empty() && !after_dot_) {
      after_dot_ = true;
      return;
    }
    EndChain(depth);
  }

  std::string_view ChainPart(size_t k) const {
    uint32_t begin = k == 0 ? 0 : r_.chain_ends_[k - 1];
    return std::string_view(r_.chain_text_).substr(begin, r_.chain_ends_[k] - begin);
  }

  // a.b.c mentions a unqualified and b in a, c in b: whichever part is the schema, one of them says so.
  void EndChain(int depth) {
    after_dot_ = false;
    size_t parts = r_.chain_ends_.size();
    if (parts == 0) return;
    bool in_string = depth > 0;
    for (size_t k = 1; k < parts; ++k) Emit(ChainPart(k - 1), ChainPart(k), in_string);
    Emit({}, ChainPart(0), in_string);
    r_.chain_text_.clear();
    r_.chain_ends_.clear();
  }

  void Emit(std::string_view schema, std::string_view name, bool in_string) {
    if (sink_) sink_->Mention(schema, name, in_string);
    else out_.mentions.push_back({std::string(schema), std::string(name), in_string});
  }

  void Top(std::string_view text, char kind) {
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
      r_.rename_name_.assign(text);
    } else if (rename_ == 2 && kind != '.') {
      if (!r_.rename_name_.empty()) out_.renamed_to.push_back(r_.rename_name_);
      rename_ = 0, r_.rename_name_.clear();
    }
    last_was_set_ = word && text == "set";
    ++top_tokens_;
    if (first_count_ < StatementNameReader::kFirstTokens) {
      TopToken& token = r_.first_[first_count_++];
      token.text.assign(text);
      token.kind = kind;
    }
  }

  const TopToken& First(size_t k) const { return r_.first_[k]; }

  // The dotted name that starts at first token k, into `name`; the index after it (k when none).
  size_t NameAt(size_t k, NameMention& name) const {
    const std::string* last = nullptr;
    const std::string* before = nullptr;
    while (k < first_count_ && (First(k).kind == 'w' || First(k).kind == 'q')) {
      before = last;
      last = &First(k).text;
      if (k + 1 < first_count_ && First(k + 1).kind == '.') k += 2;
      else break;
    }
    if (!last) return k;
    name.name = *last;
    if (before) name.schema = *before;
    return k + 1;
  }

  // ALTER [FOREIGN] TABLE [IF EXISTS] [ONLY] name
  void ReadAltered() {
    const std::vector<std::string>& h = out_.head;
    if (h.size() < 2 || h[0] != "alter") return;
    size_t k = h[1] == "table" ? 2 : h[1] == "foreign" && h.size() > 2 && h[2] == "table" ? 3 : 0;
    if (k == 0) return;
    while (k < first_count_ && First(k).kind == 'w' && (First(k).text == "if" || First(k).text == "exists" || First(k).text == "only")) ++k;
    size_t after = NameAt(k, out_.altered);
    out_.owner_only = after + 3 <= first_count_ && First(after).text == "owner" && First(after + 1).text == "to" &&
                      (after + 3 == first_count_ || First(after + 3).kind == ';') && top_tokens_ <= after + 4;
  }

  // CREATE [OR REPLACE] [TEMP|UNLOGGED|MATERIALIZED|...] kind [CONCURRENTLY] [IF NOT EXISTS] name
  void ReadHead() {
    if (rename_ == 2 && !r_.rename_name_.empty()) out_.renamed_to.push_back(r_.rename_name_);
    size_t i = 0;
    while (i < first_count_ && First(i).kind == 'w') out_.head.push_back(First(i++).text);
    ReadAltered();
    if (first_count_ == 0 || First(0).kind != 'w' || First(0).text != "create") return;
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
    while (k < first_count_ && First(k).kind == 'w' && in(First(k).text, kModifiers)) ++k;
    if (k >= first_count_ || First(k).kind != 'w' || !in(First(k).text, kKinds)) return;
    out_.head.resize(std::min(out_.head.size(), k + 1));
    out_.created_kind = First(k).text;
    ++k;
    while (k < first_count_ && First(k).kind == 'w' &&
           (First(k).text == "concurrently" || First(k).text == "if" || First(k).text == "not" || First(k).text == "exists"))
      ++k;
    if (k < first_count_ && First(k).kind == 'w' && First(k).text == "on" && out_.created_kind == "index") return;
    NameAt(k, out_.created);
  }

  StatementNameReader& r_;
  StatementNames& out_;
  NameSink* sink_;
  bool after_dot_ = false;
  size_t first_count_ = 0;
  bool last_was_set_ = false;
  int parentheses_ = 0;
  size_t top_tokens_ = 0;
  int rename_ = 0;  // 1: RENAME seen, 2: and TO
};

void StatementNameReader::Read(std::string_view sql, StatementNames& names, NameSink* sink) {
  // Cleared field by field, so that the vectors and strings keep their capacity for the next statement.
  names.mentions.clear();
  names.head.clear();
  names.created.schema.clear(), names.created.name.clear(), names.created.in_string = false;
  names.created_kind.clear();
  names.altered.schema.clear(), names.altered.name.clear(), names.altered.in_string = false;
  names.owner_only = names.top_level_as = names.set_schema = names.unicode_escapes = false;
  names.renamed_to.clear();
  NameLexer lexer(*this, names, sink);
  lexer.Lex(sql, 0);
  lexer.Finish();
}

void ReadStatementNames(std::string_view sql, StatementNames& names, NameSink* sink) {
  StatementNameReader().Read(sql, names, sink);
}

}  // namespace backfill
