#include "tests/schedules/pg.h"

#include <chrono>
#include <stdexcept>
#include <thread>

namespace sched {

const std::string& Result::at(size_t row, size_t col) const {
  if (row >= rows.size() || col >= rows[row].size() || !rows[row][col]) {
    throw std::runtime_error("unexpected NULL or missing value in a query result");
  }
  return *rows[row][col];
}

Conn::Conn(std::string conninfo) : conninfo_(std::move(conninfo)) { connect(30); }

Conn::~Conn() {
  if (conn_) PQfinish(conn_);
}

bool Conn::connect(double timeout_s) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
  for (;;) {
    if (conn_) PQfinish(conn_);
    conn_ = PQconnectdb(conninfo_.c_str());
    if (PQstatus(conn_) == CONNECTION_OK) {
      PQsetNoticeProcessor(conn_, [](void*, const char*) {}, nullptr);
      return true;
    }
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

Result Conn::exec(const std::string& sql, const std::vector<Value>& params) {
  Result result;
  if (PQstatus(conn_) != CONNECTION_OK && !connect(60)) {
    result.error = "cannot connect: " + std::string(PQerrorMessage(conn_));
    return result;
  }
  PGresult* res;
  if (params.empty()) {
    res = PQexec(conn_, sql.c_str());
  } else {
    std::vector<const char*> values;
    for (const Value& v : params) values.push_back(v ? v->c_str() : nullptr);
    res = PQexecParams(conn_, sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(), nullptr,
                       nullptr, 0);
  }
  ExecStatusType status = PQresultStatus(res);
  result.ok = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
  if (!result.ok) {
    result.error = PQresultErrorMessage(res);
    if (result.error.empty()) result.error = PQerrorMessage(conn_);
    while (!result.error.empty() && result.error.back() == '\n') result.error.pop_back();
  }
  for (int r = 0; r < PQntuples(res); ++r) {
    Row row;
    for (int c = 0; c < PQnfields(res); ++c) {
      if (PQgetisnull(res, r, c)) {
        row.emplace_back(std::nullopt);
      } else {
        row.emplace_back(std::string(PQgetvalue(res, r, c), PQgetlength(res, r, c)));
      }
    }
    result.rows.push_back(std::move(row));
  }
  PQclear(res);
  if (PQstatus(conn_) != CONNECTION_OK) connect(60);  // the server restarted: ready for the next one
  return result;
}

Result Conn::must(const std::string& sql, const std::vector<Value>& params) {
  Result result = exec(sql, params);
  if (!result.ok) throw std::runtime_error(result.error + "\n  in: " + sql.substr(0, 400));
  return result;
}

std::string ArrayLiteral(const std::vector<Value>& values) {
  std::string out = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) out += ',';
    if (!values[i]) {
      out += "NULL";
      continue;
    }
    out += '"';
    for (char c : *values[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

std::string Literal(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

}  // namespace sched
