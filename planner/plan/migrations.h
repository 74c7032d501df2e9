// The plan's schema-changing steps as migrations for existing runners (golang-migrate, Flyway,
// numbered files). Runners wrap each file in a transaction, so the batched backfill itself is
// never a migration: it stays 03_backfill.sql, run with psql between the migrations.
#pragma once

#include <string>
#include <vector>

#include "planner/plan/plan.h"

namespace backfill {

struct Migration {
  std::string name;  // e.g. backfill_orders_status_prepare
  std::string up;    // plain SQL: no psql meta-commands, no BEGIN/COMMIT of its own
  std::string down;
  std::string when;  // when in the deploy it runs, for the README of the folder
};

// From the bundle files: 02_prepare (up) / 99_cleanup (down), and, with NOT NULL requested,
// three finalisation steps, one lock each: add the CHECK NOT VALID, validate it, set NOT NULL.
std::vector<Migration> BuildMigrations(const Plan& plan, bool column_was_nullable);

}  // namespace backfill
