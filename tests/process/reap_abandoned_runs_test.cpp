#include <chrono>
#include <fstream>
#include <map>

#include "files.hpp"
#include "process_test_support.hpp"
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <signal.h>
#include <unistd.h>

#include <tas/backends/proc_fs.hpp>
#include <tas/backends/reap_abandoned_runs.hpp>
#include <tas/core/atomic_file.hpp>

namespace tas::test {
namespace {

using namespace std::chrono_literals;

const ReapOptions kQuick{300ms, 5s};

class ReapAbandonedRunsTest : public ProcessTest {
 protected:
  struct MiniHarness {
    std::unique_ptr<Process> process;
    fs::path registry;
    std::string run_id;
    std::map<std::string, std::vector<int>> pids;  // role → leader, grandchild
  };

  // Starts tas_test_harness and waits until it has announced every child it started.
  MiniHarness start_mini_harness(const std::string& mode) {
    MiniHarness harness;
    harness.registry = file("mini-registry");
    const fs::path work = file("mini-work");
    const fs::path ready = file("mini.ready");
    fs::create_directory(work);
    LaunchSpec spec;
    spec.role = "mini-harness";
    spec.argv = {kHarness, mode, harness.registry.string(), work.string(), kChild, ready.string()};
    spec.environment = {"PATH=/usr/bin:/bin"};
    spec.working_directory = dir_->path();
    spec.stdout_file = spec.stderr_file = file("mini-harness.log");
    harness.process = launcher_->launch(spec);
    EXPECT_TRUE(eventually([&] { return fs::exists(ready) || harness.process->poll(); }, 30s))
        << "the mini harness did not announce its children";
    if (!fs::exists(ready)) {
      ADD_FAILURE() << "the mini harness ended early: " << read_text(spec.stdout_file);
      return harness;
    }
    const auto announcement = read_json(ready);
    harness.run_id = announcement.at("run_id").get<std::string>();
    track_run(harness.run_id);
    harness.pids = announcement.at("pids").get<std::map<std::string, std::vector<int>>>();
    return harness;
  }

  // A run file as a harness that is gone would have left it: our own pid, but another start
  // time, as if the pid had been reused since.
  RunRecord abandoned_record(const std::string& run_id) const {
    RunRecord record = registry_->snapshot();
    record.run_id = run_id;
    record.harness_start_time += 1;
    record.groups.clear();
    return record;
  }

  static RegisteredGroup group_of(const Process& process, std::uint64_t leader_start_time) {
    RegisteredGroup group;
    group.pgid = process.process_group();
    group.leader_pid = process.pid();
    group.leader_start_time = leader_start_time;
    group.role = process.spec().role;
    group.program = process.spec().argv.front();
    group.started_at = "2024-05-01T10:00:00.000Z";
    return group;
  }

  static fs::path write_run_file(const fs::path& directory, const RunRecord& record) {
    fs::create_directories(directory);
    const fs::path run_file = directory / (record.run_id + ".json");
    write_file_atomically(run_file, record.to_json().dump(),
                          fs::perms::owner_read | fs::perms::owner_write, Durability::crash_safe);
    return run_file;
  }
};

const ReapedProcess* find_reaped(const RunReap& run, int pid) {
  for (const ReapedProcess& process : run.signalled) {
    if (process.pid == pid) return &process;
  }
  return nullptr;
}

TEST_F(ReapAbandonedRunsTest, EndsEverythingAKilledHarnessLeft) {
  MiniHarness harness = start_mini_harness("all");
  ASSERT_EQ(harness.pids.size(), 4u);
  std::vector<const ProcessHandle*> left;
  for (const auto& [role, pids] : harness.pids) {
    for (const int pid : pids)
      left.push_back(&watch(pid));
  }
  ASSERT_EQ(left.size(), 6u);
  const int escapee = harness.pids.at("escapee").at(1);
  ASSERT_NE(::getpgid(escapee), harness.pids.at("escapee").at(0)) << "the escapee left its group";

  // What CTest's TIMEOUT does: no SIGTERM, no teardown.
  ASSERT_EQ(::kill(harness.process->pid(), SIGKILL), 0);
  ASSERT_TRUE(eventually([&] { return harness.process->poll().has_value(); }));
  EXPECT_EQ(harness.process->poll()->signal, SIGKILL);
  for (const ProcessHandle* process : left) {
    EXPECT_FALSE(process->ended()) << process->pid() << " outlived its harness, as it would";
  }
  const fs::path run_file = harness.registry / (harness.run_id + ".json");
  ASSERT_TRUE(fs::exists(run_file));

  const ReapResult result = reap_abandoned_runs(harness.registry, kQuick);

  for (const ProcessHandle* process : left)
    EXPECT_TRUE(process->ended()) << process->pid();
  EXPECT_EQ(result.runs_looked_at, 1u);
  ASSERT_EQ(result.runs.size(), 1u);
  const RunReap& run = result.runs.front();
  EXPECT_EQ(run.run_id, harness.run_id);
  EXPECT_EQ(run.harness, RunReap::Harness::dead);
  EXPECT_EQ(run.harness_pid, harness.process->pid());
  EXPECT_EQ(run.signalled.size(), 6u) << result.to_json().dump(2);
  EXPECT_TRUE(run.survivors.empty());
  EXPECT_TRUE(result.errors.empty()) << result.to_json().dump(2);
  EXPECT_TRUE(result.clean());
  EXPECT_TRUE(run.file_removed);
  EXPECT_FALSE(fs::exists(run_file));

  const ReapedProcess* escaped = find_reaped(run, escapee);
  ASSERT_NE(escaped, nullptr);
  EXPECT_EQ(escaped->reason, "carries TEST_AS_SELF_RUN=" + harness.run_id);
  EXPECT_TRUE(escaped->needed_sigkill);
  const ReapedProcess* stubborn = find_reaped(run, harness.pids.at("stubborn").at(0));
  ASSERT_NE(stubborn, nullptr);
  EXPECT_EQ(stubborn->reason.rfind("leader of group", 0), 0u) << stubborn->reason;
  EXPECT_TRUE(stubborn->needed_sigkill);
  const ReapedProcess* cooperative = find_reaped(run, harness.pids.at("cooperative").at(0));
  ASSERT_NE(cooperative, nullptr);
  EXPECT_FALSE(cooperative->needed_sigkill) << "SIGTERM was enough";
  const ReapedProcess* grandchild = find_reaped(run, harness.pids.at("forker").at(1));
  ASSERT_NE(grandchild, nullptr);
  EXPECT_EQ(grandchild->reason.rfind("member of group", 0), 0u) << grandchild->reason;

  const nlohmann::json json = result.to_json();
  EXPECT_EQ(json["signalled"], 6);
  EXPECT_EQ(json["survivors"], 0);
  EXPECT_EQ(json["runs"][0]["harness"], "dead");
}

TEST_F(ReapAbandonedRunsTest, LeavesTheRunOfALiveHarnessAlone) {
  MiniHarness harness = start_mini_harness("simple");
  ASSERT_EQ(harness.pids.size(), 3u);
  std::vector<const ProcessHandle*> children;
  for (const auto& [role, pids] : harness.pids) {
    for (const int pid : pids)
      children.push_back(&watch(pid));
  }
  const fs::path run_file = harness.registry / (harness.run_id + ".json");

  const ReapResult result = reap_abandoned_runs(harness.registry, kQuick);
  ASSERT_EQ(result.runs.size(), 1u);
  EXPECT_EQ(result.runs[0].harness, RunReap::Harness::alive);
  EXPECT_TRUE(result.runs[0].signalled.empty());
  EXPECT_FALSE(result.runs[0].file_removed);
  EXPECT_TRUE(fs::exists(run_file));
  for (const ProcessHandle* child : children)
    EXPECT_FALSE(child->ended()) << child->pid();

  // The clean path: SIGTERM lets the harness stop its children and remove its run file.
  EXPECT_EQ(harness.process->stop(20s).describe(), "exited with code 0")
      << read_text(file("mini-harness.log"));
  for (const ProcessHandle* child : children)
    EXPECT_TRUE(child->ended()) << child->pid();
  EXPECT_FALSE(fs::exists(run_file));
  EXPECT_EQ(reap_abandoned_runs(harness.registry, kQuick).runs_looked_at, 0u);
}

TEST_F(ReapAbandonedRunsTest, NeverSignalsAProcessWithNeitherTheStartTimeNorTheMarker) {
  // A live process that happens to have the pid a dead run recorded, but started later.
  auto bystander = launcher_->launch(child_spec("bystander", {"sleep", file("by.ready").string()}));
  ASSERT_EQ(wait_for_ready(file("by.ready")).size(), 1u);
  const std::uint64_t start_time = read_proc_stat(bystander->pid()).value_or(ProcStat{}).start_time;
  RunRecord record = abandoned_record("pid-reused-run");
  record.groups.push_back(group_of(*bystander, start_time - 1));
  const fs::path directory = file("forged-registry");
  const fs::path run_file = write_run_file(directory, record);

  const ReapResult result = reap_abandoned_runs(directory, kQuick);
  ASSERT_EQ(result.runs.size(), 1u);
  EXPECT_EQ(result.runs[0].harness, RunReap::Harness::dead) << "same pid, other start time";
  EXPECT_TRUE(result.runs[0].signalled.empty()) << result.to_json().dump(2);
  EXPECT_TRUE(result.runs[0].file_removed);
  EXPECT_FALSE(fs::exists(run_file));
  EXPECT_FALSE(bystander->poll().has_value()) << "the bystander was signalled";
  EXPECT_EQ(bystander->stop(5s).signal, SIGTERM);
}

TEST_F(ReapAbandonedRunsTest, LeavesRunsOfOtherHostsAndForgetsRunsOfEarlierBoots) {
  auto bystander = launcher_->launch(child_spec("bystander", {"sleep", file("by.ready").string()}));
  ASSERT_EQ(wait_for_ready(file("by.ready")).size(), 1u);
  const std::uint64_t start_time = read_proc_stat(bystander->pid()).value_or(ProcStat{}).start_time;
  const fs::path directory = file("foreign-registry");

  // Both point at a live process with its true start time — which means nothing elsewhere.
  RunRecord elsewhere = abandoned_record("a-run-elsewhere");
  elsewhere.host = "some-other-host";
  elsewhere.groups.push_back(group_of(*bystander, start_time));
  const fs::path elsewhere_file = write_run_file(directory, elsewhere);
  RunRecord before_reboot = abandoned_record("b-run-before-reboot");
  before_reboot.boot_id = "00000000-0000-0000-0000-000000000000";
  before_reboot.groups.push_back(group_of(*bystander, start_time));
  const fs::path before_reboot_file = write_run_file(directory, before_reboot);

  const ReapResult result = reap_abandoned_runs(directory, kQuick);
  ASSERT_EQ(result.runs.size(), 2u);
  EXPECT_EQ(result.runs[0].harness, RunReap::Harness::other_host);
  EXPECT_TRUE(fs::exists(elsewhere_file));
  EXPECT_EQ(result.runs[1].harness, RunReap::Harness::other_boot);
  EXPECT_FALSE(fs::exists(before_reboot_file));
  EXPECT_EQ(result.signalled_count(), 0u);
  EXPECT_FALSE(bystander->poll().has_value()) << "the bystander was signalled";
  EXPECT_EQ(bystander->stop(5s).signal, SIGTERM);
}

TEST_F(ReapAbandonedRunsTest, UnreadableRunFileIsReportedAndKept) {
  const fs::path directory = file("messy-registry");
  fs::create_directories(directory);
  { std::ofstream(directory / "broken.json") << "{not json"; }
  { std::ofstream(directory / ".broken.json.123.0.tmp") << "half a write"; }

  const ReapResult result = reap_abandoned_runs(directory, kQuick);
  EXPECT_EQ(result.runs_looked_at, 1u) << "temporary files of atomic writes are not runs";
  EXPECT_TRUE(result.runs.empty());
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_NE(result.errors[0].find("broken.json"), std::string::npos) << result.errors[0];
  EXPECT_FALSE(result.clean());
  EXPECT_TRUE(fs::exists(directory / "broken.json"));

  const ReapResult nothing = reap_abandoned_runs(file("no-such-registry"), kQuick);
  EXPECT_EQ(nothing.runs_looked_at, 0u);
  EXPECT_TRUE(nothing.clean());
}

}  // namespace
}  // namespace tas::test
