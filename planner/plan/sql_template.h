// The bundle's SQL, kept as templates a DBA reads as SQL (templates/sql/*.sql.mustache, compiled
// into the binary). C++ builds the data: every value is already quoted for where it goes
// (planner/sql/quote.h) and a template writes it with triple braces. A double-brace variable
// would HTML-escape SQL; it throws instead, so that mistake cannot produce a script.
#pragma once

#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include <kainjow/mustache.hpp>

namespace backfill {

class SqlTemplateError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

class SqlList;

// What a template reads: named values, flags for sections, lists, and dollar-quote tags. A value
// may not hold the bytes the renderer marks section lines and tags with (\x01, \x02): no value of
// the plan ever does, and one that did would lose them, so Set refuses.
class SqlData {
 public:
  SqlData() = default;
  void Set(const std::string& name, const std::string& value);
  void Set(const std::string& name, const char* value) { Set(name, std::string(value)); }
  void Set(const std::string& name, bool flag);
  void Set(const std::string& name, const SqlList& list);
  // An object: a section over it ({{#name}}...{{/name}}) reads its values first, then these.
  void Set(const std::string& name, const SqlData& object);
  // Every name set here, in objects and in list items too: a template may read no other.
  const std::set<std::string>& Names() const { return names_; }
  // A dollar-quote tag ($stem$, or $stem_1$ ...) that the rendered text holds nowhere else: it is
  // chosen after rendering, against everything the template wrote. The template writes it with
  // plain text (never a `$`) on both sides.
  void SetQuoteTag(const std::string& name, const std::string& stem);
  const std::vector<std::string>& QuoteTagStems() const { return tag_stems_; }
  kainjow::mustache::data& Data() { return data_; }
  const kainjow::mustache::data& Data() const { return data_; }

 private:
  kainjow::mustache::data data_{kainjow::mustache::data::type::object};
  std::set<std::string> names_;
  std::vector<std::string> tag_stems_;  // the n-th tag is written as \x02<n>\x02 until chosen
};

class SqlList {
 public:
  void Add(const SqlData& item) {
    data_.push_back(item.Data());
    names_.insert(item.Names().begin(), item.Names().end());
  }
  const kainjow::mustache::data& Data() const { return data_; }
  const std::set<std::string>& Names() const { return names_; }
  bool empty() const { return data_.is_empty_list(); }

 private:
  kainjow::mustache::data data_{kainjow::mustache::data::type::list};
  std::set<std::string> names_;
};

// Renders templates/sql/<name>.sql.mustache. Every other template in that folder is available
// as a partial under its own name ({{> header}}); alone on its line, it is indented as its tag.
std::string RenderSqlTemplate(const std::string& name, const SqlData& data);

// The same, without its last newline: for a template whose text another template writes as a
// value on a line of its own, which ends it.
std::string RenderSqlValue(const std::string& name, const SqlData& data);

// The same for a template's text (name only for messages), with the same partials.
std::string RenderSqlText(const std::string& name, const std::string& text, const SqlData& data);

}  // namespace backfill
