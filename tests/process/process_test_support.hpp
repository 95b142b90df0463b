#pragma once

#include <chrono>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "processes.hpp"
#include "temp_dir.hpp"
#include <gtest/gtest.h>

#include <tas/backends/posix_process_launcher.hpp>
#include <tas/backends/process_handle.hpp>
#include <tas/backends/process_registry.hpp>

namespace tas::test {

namespace fs = std::filesystem;

// The helper programs, built beside the tests.
inline const std::string kChild = TAS_TEST_CHILD;
inline const std::string kHarness = TAS_TEST_HARNESS;

[[nodiscard]] std::vector<std::string> read_lines(const fs::path& file);

// Waits for a tas_test_child readiness file and returns the pids it announces.
[[nodiscard]] std::vector<int> wait_for_ready(const fs::path& ready);

// Each test gets a temporary directory, a registry inside it and a launcher on that registry.
// TearDown fails the test when any process of the test is still alive — one carrying the marker
// of a run the test used, or one it watched — and kills it so that nothing outlives the test.
class ProcessTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // A spec that runs tas_test_child with `arguments` in the temporary directory, with a minimal
  // environment and its output in <role>.out / <role>.err.
  [[nodiscard]] LaunchSpec child_spec(const std::string& role,
                                      std::vector<std::string> arguments) const;
  [[nodiscard]] fs::path file(const std::string& name) const { return dir_->path() / name; }

  // Remembers a live process by identity, for the end-of-test check; the handle lives as long as
  // the test.
  const ProcessHandle& watch(int pid);
  void track_run(const std::string& run_id) { run_ids_.insert(run_id); }

  std::unique_ptr<TempDir> dir_;
  fs::path registry_dir_;
  std::shared_ptr<ProcessRegistry> registry_;
  std::shared_ptr<PosixProcessLauncher> launcher_;

 private:
  std::set<std::string> run_ids_;
  std::deque<ProcessHandle> watched_;  // stable references
};

}  // namespace tas::test
