#include "planner/catalog/builtin_types.h"

#include <algorithm>
#include <array>
#include <string_view>

namespace backfill {
namespace {

// SELECT typname FROM pg_type WHERE typnamespace = 'pg_catalog'::regnamespace
//   AND typname !~ '^_' AND typtype IN ('b', 'r', 'm', 'd', 'e') ORDER BY typname;  -- PostgreSQL 15
constexpr std::array<std::string_view, 82> kBuiltinTypes = {
    "aclitem", "bit", "bool", "box", "bpchar", "bytea", "char", "cid", "cidr", "circle", "date",
    "datemultirange", "daterange", "float4", "float8", "gtsvector", "inet", "int2", "int2vector",
    "int4", "int4multirange", "int4range", "int8", "int8multirange", "int8range", "interval", "json",
    "jsonb", "jsonpath", "line", "lseg", "macaddr", "macaddr8", "money", "name", "numeric",
    "nummultirange", "numrange", "oid", "oidvector", "path", "pg_brin_bloom_summary",
    "pg_brin_minmax_multi_summary", "pg_dependencies", "pg_lsn", "pg_mcv_list", "pg_ndistinct",
    "pg_node_tree", "pg_snapshot", "point", "polygon", "refcursor", "regclass", "regcollation",
    "regconfig", "regdictionary", "regnamespace", "regoper", "regoperator", "regproc", "regprocedure",
    "regrole", "regtype", "text", "tid", "time", "timestamp", "timestamptz", "timetz", "tsmultirange",
    "tsquery", "tsrange", "tstzmultirange", "tstzrange", "tsvector", "txid_snapshot", "uuid", "varbit",
    "varchar", "xid", "xid8", "xml"};

}  // namespace

bool IsBuiltinTypeName(const std::string& name) {
  return std::binary_search(kBuiltinTypes.begin(), kBuiltinTypes.end(), std::string_view(name));
}

}  // namespace backfill
