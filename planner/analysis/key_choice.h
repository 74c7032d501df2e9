// The key a backfill pages by: the primary key, else the narrowest unique index whose columns
// are all NOT NULL, else the narrowest unique index on nullable columns (no partial or
// expression indexes: they do not identify every row). A nullable key pages every row but those
// with a NULL in it, which 01_preflight.sql and 04_verify.sql count.
#pragma once

#include <optional>

#include "planner/analysis/subject.h"
#include "planner/wording.h"

namespace backfill {

std::optional<BatchKey> ChooseBatchKey(const Catalog& catalog, const Table& table);

// Where the key comes from: "primary key public.orders_pkey", "unique index users_email_key",
// "nullable unique constraint public.users_name_key".
std::string DescribeKey(const BatchKey& key, const Wording& say);

}  // namespace backfill
