// The type names PostgreSQL 15 keeps in pg_catalog, for telling a bare type name in the DDL
// (`email citext`, `id uuid`) that is built in from one that lives in a user schema. The plan
// runs with search_path = pg_catalog, pg_temp, so a user type must be written schema-qualified.
#pragma once

#include <string>

namespace backfill {

// True for the base, range, multirange and other types of pg_catalog (as pg_type lists them,
// without array types).
bool IsBuiltinTypeName(const std::string& name);

}  // namespace backfill
