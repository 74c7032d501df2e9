// Child processes (psql, pg_ctl, backfill-plan) with their output appended to a log file.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace sched {

struct Process {
  pid_t pid = -1;
  bool done = false;
  int status = -1;  // exit status; 128 + signal when killed by one
  std::chrono::steady_clock::time_point started;
};

// env: extra NAME=value entries for the child; cwd: "" keeps the current folder.
Process Spawn(const std::vector<std::string>& args, const std::vector<std::string>& env, const std::string& log,
              const std::string& cwd = "");
// Waits up to timeout_s; a child still running then is killed (status 137). Returns the status.
int Wait(Process& p, double timeout_s);
// Without blocking: true once the child has ended.
bool Poll(Process& p);

}  // namespace sched
