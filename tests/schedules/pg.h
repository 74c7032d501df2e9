// A thin libpq wrapper for the schedule test: one connection, text results, reconnects after
// a server restart. Only this test links libpq; the planner never connects to a database.
#pragma once

#include <libpq-fe.h>

#include <optional>
#include <string>
#include <vector>

namespace sched {

using Value = std::optional<std::string>;  // NULL is nullopt
using Row = std::vector<Value>;

struct Result {
  bool ok = false;
  std::string error;  // the server's message when !ok
  std::vector<Row> rows;
  const std::string& at(size_t row, size_t col) const;  // throws on NULL or out of range
};

class Conn {
 public:
  // conninfo is a libpq connection string; PGHOST/PGPORT/PGUSER come from the environment.
  explicit Conn(std::string conninfo);
  ~Conn();
  Conn(const Conn&) = delete;
  Conn& operator=(const Conn&) = delete;

  // Runs one statement (or several, without params). A lost connection is re-made (up to
  // reconnect_s seconds, for a server that is restarting) and the statement is NOT retried:
  // the caller cannot know whether it committed.
  Result exec(const std::string& sql, const std::vector<Value>& params = {});
  // exec that throws std::runtime_error with the SQL and the message on failure.
  Result must(const std::string& sql, const std::vector<Value>& params = {});
  bool connect(double timeout_s);

 private:
  std::string conninfo_;
  PGconn* conn_ = nullptr;
};

// A text[] literal ('{"a",NULL}') for passing a list as one parameter.
std::string ArrayLiteral(const std::vector<Value>& values);
// A SQL string literal ('it''s').
std::string Literal(const std::string& text);

}  // namespace sched
