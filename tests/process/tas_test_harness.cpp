// A miniature harness for the registry's SIGKILL scenario: it starts children through
// PosixProcessLauncher with a registry, announces them, and waits for SIGTERM or SIGINT, on which
// it returns from main so that every destructor runs (the clean path). A test kills it with
// SIGKILL instead to play CTest's TIMEOUT.
//
//   tas_test_harness <all|simple> <registry dir> <work dir> <tas_test_child> <ready file>
//
// simple: a cooperative child, one that ignores SIGTERM, and one with a stubborn grandchild in its
// group; all: also one whose stubborn grandchild escapes the group with setsid. The ready file
// (written atomically once every child has announced itself) is
//   {"run_id": "...", "registry_file": "...", "pids": {"<role>": [leader, grandchild?], ...}}
#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "processes.hpp"
#include <nlohmann/json.hpp>
#include <signal.h>

#include <tas/backends/posix_process_launcher.hpp>
#include <tas/backends/process_registry.hpp>
#include <tas/core/atomic_file.hpp>

namespace {

namespace fs = std::filesystem;

std::vector<int> wait_for_announcement(const fs::path& ready) {
  if (!tas::test::eventually([&] { return fs::exists(ready); }, std::chrono::seconds(20)))
    return {};
  std::ifstream in(ready);
  std::vector<int> pids;
  for (int pid = 0; in >> pid;)
    pids.push_back(pid);
  return pids;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 6) {
    std::fprintf(
        stderr, "usage: tas_test_harness <all|simple> <registry dir> <work dir> <child> <ready>\n");
    return 2;
  }
  const std::string mode = argv[1];
  const fs::path registry_dir = argv[2];
  const fs::path work_dir = argv[3];
  const std::string child = argv[4];
  const fs::path ready = argv[5];

  // Blocked before any thread exists, so that sigwait below receives them; the launcher gives
  // every child an empty mask again.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  auto registry = std::make_shared<tas::ProcessRegistry>(registry_dir);
  tas::PosixProcessLauncher launcher(registry);
  std::vector<std::pair<std::string, std::string>> roles = {
      {"cooperative", "sleep"}, {"stubborn", "ignore-term"}, {"forker", "grandchild-in-group"}};
  if (mode == "all") roles.emplace_back("escapee", "grandchild-setsid");

  std::vector<std::unique_ptr<tas::Process>> processes;
  nlohmann::json pids = nlohmann::json::object();
  for (const auto& [role, child_mode] : roles) {
    tas::LaunchSpec spec;
    spec.role = role;
    const fs::path announcement = work_dir / (role + ".ready");
    spec.argv = {child, child_mode, announcement.string()};
    spec.environment = {"PATH=/usr/bin:/bin"};
    spec.working_directory = work_dir;
    spec.stdout_file = work_dir / (role + ".log");
    spec.stderr_file = spec.stdout_file;
    processes.push_back(launcher.launch(spec));
    const std::vector<int> announced = wait_for_announcement(announcement);
    if (announced.empty()) return 3;
    pids[role] = announced;
  }
  const nlohmann::json announcement = {
      {"run_id", registry->run_id()}, {"registry_file", registry->file().string()}, {"pids", pids}};
  tas::write_file_atomically(ready, announcement.dump(),
                             fs::perms::owner_read | fs::perms::owner_write,
                             tas::Durability::crash_safe);

  int received = 0;
  sigwait(&stop_signals, &received);
  for (auto process = processes.rbegin(); process != processes.rend(); ++process) {
    (void)(*process)->stop(std::chrono::milliseconds(200));
  }
  return 0;
}
