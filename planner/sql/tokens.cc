#include "planner/sql/tokens.h"

#include <pg_query.h>
#include <pg_query.pb-c.h>

namespace backfill {

bool ScanTokens(const std::string& text, std::vector<Token>& tokens) {
  tokens.clear();
  PgQueryScanResult result = pg_query_scan(text.c_str());
  if (result.error) {
    pg_query_free_scan_result(result);
    return false;
  }
  PgQuery__ScanResult* scan =
      pg_query__scan_result__unpack(nullptr, result.pbuf.len, reinterpret_cast<const uint8_t*>(result.pbuf.data));
  for (size_t i = 0; scan && i < scan->n_tokens; ++i) {
    const PgQuery__ScanToken* t = scan->tokens[i];
    Token token;
    token.start = t->start;
    token.end = t->end;
    token.kind = t->token;
    token.is_comment = t->token == PG_QUERY__TOKEN__SQL_COMMENT || t->token == PG_QUERY__TOKEN__C_COMMENT;
    token.is_keyword = t->keyword_kind != PG_QUERY__KEYWORD_KIND__NO_KEYWORD;
    token.is_unreserved_keyword = t->keyword_kind == PG_QUERY__KEYWORD_KIND__UNRESERVED_KEYWORD;
    tokens.push_back(token);
  }
  if (scan) pg_query__scan_result__free_unpacked(scan, nullptr);
  pg_query_free_scan_result(result);
  return true;
}

}  // namespace backfill
