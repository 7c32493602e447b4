// The schema, as a list of migrations (internal to store/). Documented in docs/schema.md.
#pragma once

#include <vector>

namespace kansrijk {

// Migration i takes the database from PRAGMA user_version i to i + 1. Only ever append.
const std::vector<const char*>& SchemaMigrations();

}  // namespace kansrijk
