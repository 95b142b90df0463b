#include "process_test_support.hpp"

#include <fstream>
#include <sstream>

#include "files.hpp"
#include <signal.h>
#include <stdlib.h>

#include <tas/backends/proc_fs.hpp>

namespace tas::test {

std::vector<std::string> read_lines(const fs::path& file) {
  std::vector<std::string> lines;
  std::istringstream in(read_text(file));
  for (std::string line; std::getline(in, line);)
    lines.push_back(line);
  return lines;
}

std::vector<int> wait_for_ready(const fs::path& ready) {
  std::vector<int> pids;
  EXPECT_TRUE(eventually([&] { return fs::exists(ready); })) << "no readiness file " << ready;
  std::istringstream in(read_text(ready));
  for (int pid = 0; in >> pid;)
    pids.push_back(pid);
  return pids;
}

void ProcessTest::SetUp() {
  dir_ = std::make_unique<TempDir>("tas-process-test");
  registry_dir_ = dir_->path() / "registry";
  registry_ = std::make_shared<ProcessRegistry>(registry_dir_);
  launcher_ = std::make_shared<PosixProcessLauncher>(registry_);
  track_run(registry_->run_id());
}

void ProcessTest::TearDown() {
  std::vector<std::string> leaks;
  for (const int pid : list_process_ids()) {
    const auto stat = read_proc_stat(pid);
    if (!stat || stat->ended()) continue;
    const auto marker = read_environ_value(pid, kRunMarkerName);
    if (!marker || run_ids_.count(*marker) == 0) continue;
    leaks.push_back(std::to_string(pid) + " (run " + *marker + ")");
    if (auto handle = ProcessHandle::open(pid, stat->start_time)) handle->signal(SIGKILL);
  }
  for (const ProcessHandle& handle : watched_) {
    if (handle.ended()) continue;
    leaks.push_back(std::to_string(handle.pid()) + " (watched)");
    handle.signal(SIGKILL);
  }
  EXPECT_TRUE(leaks.empty()) << "processes of this test are still alive: "
                             << ::testing::PrintToString(leaks);
}

LaunchSpec ProcessTest::child_spec(const std::string& role,
                                   std::vector<std::string> arguments) const {
  LaunchSpec spec;
  spec.role = role;
  spec.argv = {kChild};
  spec.argv.insert(spec.argv.end(), arguments.begin(), arguments.end());
  spec.environment = {"PATH=/usr/bin:/bin", "TAS_TEST=" + role};
  spec.working_directory = dir_->path();
  spec.stdout_file = file(role + ".out");
  spec.stderr_file = file(role + ".err");
  return spec;
}

const ProcessHandle& ProcessTest::watch(int pid) {
  auto handle = ProcessHandle::open(pid);
  if (!handle)
    throw std::runtime_error("process " + std::to_string(pid) + " is not alive to watch");
  watched_.push_back(std::move(*handle));
  return watched_.back();
}

}  // namespace tas::test
