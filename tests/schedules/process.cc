#include "tests/schedules/process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <stdexcept>
#include <thread>

namespace sched {

Process Spawn(const std::vector<std::string>& args, const std::vector<std::string>& env, const std::string& log,
              const std::string& cwd) {
  Process p;
  p.started = std::chrono::steady_clock::now();
  p.pid = fork();
  if (p.pid < 0) throw std::runtime_error("fork failed");
  if (p.pid == 0) {
    int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd >= 0) {
      dup2(fd, 1);
      dup2(fd, 2);
      close(fd);
    }
    int devnull = open("/dev/null", O_RDONLY);
    if (devnull >= 0) dup2(devnull, 0);
    if (!cwd.empty() && chdir(cwd.c_str()) != 0) _exit(126);
    for (const std::string& e : env) putenv(const_cast<char*>(e.c_str()));
    std::vector<char*> argv;
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execvp(argv[0], argv.data());
    _exit(127);
  }
  return p;
}

static void Record(Process& p, int wstatus) {
  p.done = true;
  p.status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus);
}

bool Poll(Process& p) {
  if (p.done) return true;
  int wstatus;
  if (waitpid(p.pid, &wstatus, WNOHANG) == p.pid) Record(p, wstatus);
  return p.done;
}

int Wait(Process& p, double timeout_s) {
  auto deadline = p.started + std::chrono::duration<double>(timeout_s);
  while (!Poll(p)) {
    if (std::chrono::steady_clock::now() > deadline) {
      kill(p.pid, SIGKILL);
      int wstatus;
      waitpid(p.pid, &wstatus, 0);
      Record(p, wstatus);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return p.status;
}

}  // namespace sched
