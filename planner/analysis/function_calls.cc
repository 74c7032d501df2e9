#include "planner/analysis/function_calls.h"

#include <algorithm>
#include <optional>
#include <set>

#include "planner/analysis/function_body.h"
#include "planner/sql/builtin_functions.h"

namespace backfill {
namespace {

// Deeper call chains are left unjudged, and said to be: a schema's helpers rarely nest this far.
constexpr int kMaxDepth = 8;

struct Resolved {
  std::optional<BuiltinFunction> builtin;
  std::vector<const Function*> definitions;  // every overload of the name in the schema
};

void AddDefinitions(const Function& function, std::vector<const Function*>& out) {
  out.push_back(&function);
  for (const Function& overload : function.overloads) out.push_back(&overload);
}

// PostgreSQL looks in pg_catalog before any schema of the search_path, so an unqualified
// built-in's name is the built-in. An extension's function lives in a schema of the user's
// choosing: the schema file's definition of the name wins, if it has one. The catalog does not
// keep the search_path a call would run under, so an unqualified name matches every schema.
Resolved Resolve(const Catalog& catalog, const std::vector<std::string>& name) {
  Resolved resolved;
  const std::string& last = name.back();
  bool qualified = name.size() > 1;
  std::string schema = qualified ? name[name.size() - 2] : "";
  auto builtin = FindBuiltinFunction(last);
  if (builtin && builtin->extension.empty() && (!qualified || schema == "pg_catalog")) {
    resolved.builtin = builtin;
    return resolved;
  }
  if (qualified) {
    if (const Function* f = catalog.FindFunction({schema, last})) AddDefinitions(*f, resolved.definitions);
  } else {
    for (const auto& [function_name, function] : catalog.functions)
      if (function_name.name == last) AddDefinitions(function, resolved.definitions);
  }
  if (resolved.definitions.empty() && builtin && !builtin->extension.empty()) resolved.builtin = builtin;
  return resolved;
}

bool AnyVolatile(const std::vector<const Function*>& definitions) {
  return std::any_of(definitions.begin(), definitions.end(),
                     [](const Function* f) { return f->volatility == Volatility::kVolatile; });
}

void AddUnique(std::vector<std::string>& list, std::string item) {
  if (std::find(list.begin(), list.end(), item) == list.end()) list.push_back(std::move(item));
}

// Follows one top-level call down through the schema's functions, collecting worded effects
// and unknowns into one judgement. Each function is read once per top-level call, which also
// ends cycles (a function calling itself, two calling each other).
class Judge {
 public:
  Judge(const Catalog& catalog, const Wording& say, CallJudgement& out) : catalog_(catalog), say_(say), out_(out) {}

  void TopLevel(const FunctionCall& call) {
    Resolved resolved = Resolve(catalog_, call.name);
    std::string name = call.Display() + "()";
    if (resolved.builtin) {
      out_.new_value_each_call = resolved.builtin->new_value_each_call;
      Builtin(*resolved.builtin, call, {}, 0, true);
    } else if (!resolved.definitions.empty()) {
      out_.definitions = static_cast<int>(resolved.definitions.size());
      for (const Function* f : resolved.definitions) Definition(*f, {}, 0);
      if (AnyVolatile(resolved.definitions)) {
        out_.new_value_each_call = true;
        out_.volatility_reason = say_(name + " is VOLATILE in the schema file (the default when a function declares none)",
                                      name + " はスキーマファイルで VOLATILE (宣言がない場合の既定値)");
      }
    } else {
      out_.not_defined = true;
      out_.new_value_each_call = true;
      out_.volatility_reason =
          say_(name + " is not known, so it is taken to be volatile", name + " は不明な関数のため、volatile とみなす");
    }
  }

 private:
  // via: the functions (and SQL texts) between the top-level call and what is described.
  std::string Via(const std::vector<std::string>& via) const {
    if (via.empty()) return "";
    std::string en, ja;
    for (const std::string& step : via) {
      en += (en.empty() ? "" : ", ") + step;
      ja += (ja.empty() ? "" : "、") + step;
    }
    return say_(" (via " + en + ")", " (" + ja + " 経由)");
  }

  void Builtin(const BuiltinFunction& b, const FunctionCall& call, const std::vector<std::string>& via, int depth,
               bool top) {
    if (b.effect != BuiltinEffect::kSideEffect && b.effect != BuiltinEffect::kRunsSql) return;
    std::string name = std::string(b.name) + "()";
    std::string en(b.english), ja(b.japanese);
    AddUnique(out_.effects, top ? say_(en, ja) : say_("calls " + name + ", which " + en, name + " を呼び出す: " + ja) + Via(via));
    if (b.effect == BuiltinEffect::kRunsSql) SqlTexts(b, call, via, depth);
  }

  // The SQL text a built-in runs, when it is written as a constant: its statements are judged
  // like a function body. dblink's text runs elsewhere, against a schema this file may not
  // describe, so only what its own statements do is said.
  void SqlTexts(const BuiltinFunction& b, const FunctionCall& call, const std::vector<std::string>& via, int depth) {
    std::string name = std::string(b.name) + "()";
    std::vector<std::string> in_text = via;
    in_text.push_back(say_("the SQL text given to " + name, name + " に渡した SQL"));
    for (const auto& text : call.text_arguments) {
      if (!text) continue;
      FunctionBody body = ReadSqlText(*text);
      if (body.unread != FunctionBody::Unread::kNone) continue;  // not SQL: a connection string, a namespace
      for (const BodyEffect& e : body.effects) {
        if (b.runs_text_read_only)
          AddUnique(out_.effects, say_("fails on every row: PostgreSQL runs the SQL text given to " + name +
                                           " read-only and refuses its " + e.command,
                                       "行ごとに失敗する: " + name + " に渡した SQL は読み取り専用で実行されるため、その " +
                                           e.command + " は拒否される"));
        else
          Effect(e, in_text);
      }
      if (b.extension.empty())
        for (const FunctionCall& inner : body.calls) Nested(inner, in_text, depth + 1);
    }
  }

  void Definition(const Function& f, const std::vector<std::string>& via, int depth) {
    if (!visited_.insert(&f).second) return;
    std::string name = f.name.Display() + "()";
    if (f.security_definer) {
      AddUnique(out_.definers, name);
      if (!f.pins_search_path) AddUnique(out_.unpinned_definers, name);
    }
    FunctionBody body = ReadFunctionBody(f);
    if (body.unread == FunctionBody::Unread::kLanguage)
      AddUnique(out_.unknowns, say_(name + " is written in " + (body.unread_detail.empty() ? "no named language" : body.unread_detail) +
                                        ", whose body is not read",
                                    name + " は " + (body.unread_detail.empty() ? "言語の指定なし" : body.unread_detail) +
                                        " で書かれており、本体は読まない") + Via(via));
    if (body.unread == FunctionBody::Unread::kParseError)
      AddUnique(out_.unknowns, say_("the body of " + name + " does not parse (" + body.unread_detail + ")",
                                    name + " の本体を解析できない (" + body.unread_detail + ")") + Via(via));
    if (body.unparsed_expressions > 0) {
      std::string n = std::to_string(body.unparsed_expressions);
      AddUnique(out_.unknowns, say_(n + " PL/pgSQL expression(s) of " + name + " do not parse and are not judged",
                                    name + " の PL/pgSQL の式のうち " + n + " 個を解析できず、判断していない") + Via(via));
    }
    for (const BodyEffect& e : body.effects) Effect(e, via);
    for (const FunctionCall& call : body.calls) Nested(call, via, depth + 1);
  }

  // A call inside a body (or inside SQL text a built-in runs).
  void Nested(const FunctionCall& call, const std::vector<std::string>& via, int depth) {
    if (depth > kMaxDepth) {
      AddUnique(out_.unknowns, say_("functions nest more than " + std::to_string(kMaxDepth) + " calls deep: the deeper ones are not judged",
                                    "関数の呼び出しが " + std::to_string(kMaxDepth) + " 段より深い: それより深いものは判断していない"));
      return;
    }
    Resolved resolved = Resolve(catalog_, call.name);
    if (resolved.builtin) {
      Builtin(*resolved.builtin, call, via, depth, false);
    } else if (!resolved.definitions.empty()) {
      for (const Function* f : resolved.definitions) {
        std::vector<std::string> deeper = via;
        deeper.push_back(f->name.Display() + "()");
        Definition(*f, deeper, depth);
      }
    } else {
      std::string name = call.Display() + "()";
      AddUnique(out_.unknowns, say_("calls " + name + ", which is not defined in the schema file and is not a known built-in",
                                    name + " を呼び出すが、スキーマファイルに定義がなく既知の組み込み関数でもない") + Via(via));
    }
  }

  void Effect(const BodyEffect& e, const std::vector<std::string>& via) {
    using K = BodyEffect::Kind;
    const std::string& c = e.command;
    const std::string& o = e.object;
    std::string worded;
    switch (e.kind) {
      case K::kWrite:
        worded = say_("writes to " + o + " (" + c + ")", o + " に書き込む (" + c + ")");
        break;
      case K::kSchemaChange:
        worded = say_("changes the schema (" + c + ")", "スキーマを変更する (" + c + ")");
        break;
      case K::kStatement:
        worded = say_("runs " + c, c + " を実行する");
        break;
      case K::kCopyProgram:
        out_.runs_program = true;
        worded = say_("runs the shell command '" + o + "' on the database server, as the server's operating-system user (" + c + ")",
                      "データベースサーバー上でシェルコマンド '" + o + "' をサーバーの OS ユーザーとして実行する (" + c + ")");
        break;
      case K::kCopyFile:
        worded = c == "COPY ... TO"
                     ? say_("writes the file '" + o + "' on the database server (" + c + ")",
                            "データベースサーバー上のファイル '" + o + "' に書き込む (" + c + ")")
                     : say_("reads the file '" + o + "' on the database server (" + c + ")",
                            "データベースサーバー上のファイル '" + o + "' を読む (" + c + ")");
        break;
      case K::kDynamicSql:
        worded = say_("runs SQL text built at run time (" + c + "), which cannot be judged here",
                      "実行時に組み立てた SQL を実行する (" + c + ")。内容はここでは判断できない");
        break;
    }
    AddUnique(out_.effects, worded + Via(via));
  }

  const Catalog& catalog_;
  const Wording& say_;
  CallJudgement& out_;
  std::set<const Function*> visited_;
};

bool CallMayGiveNewValue(const Catalog& catalog, const FunctionCall& call) {
  Resolved resolved = Resolve(catalog, call.name);
  if (resolved.builtin) return resolved.builtin->new_value_each_call;
  return resolved.definitions.empty() || AnyVolatile(resolved.definitions);
}

}  // namespace

std::vector<CallJudgement> JudgeCalls(const Catalog& catalog, const UserExpression& expression, const Wording& say) {
  std::vector<CallJudgement> out;
  std::set<std::pair<std::vector<std::string>, std::vector<std::optional<std::string>>>> seen;
  for (const FunctionCall& call : expression.calls) {
    if (call.name.empty() || !seen.insert({call.name, call.text_arguments}).second) continue;
    CallJudgement judgement;
    judgement.function = call.Display();
    Judge(catalog, say, judgement).TopLevel(call);
    out.push_back(std::move(judgement));
  }
  return out;
}

bool ExpressionValueMayChange(const Catalog& catalog, const UserExpression& expression) {
  return expression.reads_clock || std::any_of(expression.calls.begin(), expression.calls.end(), [&](const FunctionCall& c) {
           return !c.name.empty() && CallMayGiveNewValue(catalog, c);
         });
}

}  // namespace backfill
