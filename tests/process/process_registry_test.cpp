#include <chrono>
#include <cstdlib>

#include "files.hpp"
#include "process_test_support.hpp"
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <signal.h>
#include <unistd.h>

#include <tas/backends/backend_error.hpp>
#include <tas/backends/proc_fs.hpp>

namespace tas::test {
namespace {

using namespace std::chrono_literals;

using ProcessRegistryTest = ProcessTest;

TEST_F(ProcessRegistryTest, RunFileNamesTheHarnessBeforeAnythingStarts) {
  ASSERT_TRUE(fs::exists(registry_->file()));
  EXPECT_EQ(registry_->file(), registry_dir_ / (registry_->run_id() + ".json"));
  EXPECT_EQ(fs::status(registry_dir_).permissions() & fs::perms::all, fs::perms::owner_all);
  EXPECT_EQ(fs::status(registry_->file()).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
  const RunRecord record = RunRecord::from_json(read_json(registry_->file()));
  EXPECT_EQ(record.run_id, registry_->run_id());
  EXPECT_EQ(record.harness_pid, ::getpid());
  EXPECT_EQ(record.harness_start_time, read_proc_stat(::getpid()).value_or(ProcStat{}).start_time);
  EXPECT_EQ(record.boot_id, read_boot_id());
  EXPECT_TRUE(record.groups.empty());
  EXPECT_EQ(registry_->run_id().rfind(std::to_string(::getpid()) + "-", 0), 0u)
      << registry_->run_id();
}

TEST_F(ProcessRegistryTest, ChildIsRecordedWhenLaunchReturnsAndEndedAfterStop) {
  auto child = launcher_->launch(child_spec("server", {"sleep", file("server.ready").string()}));
  // Read straight away, before anything has waited on the child.
  RunRecord record = RunRecord::from_json(read_json(registry_->file()));
  ASSERT_EQ(record.groups.size(), 1u);
  const RegisteredGroup& group = record.groups.front();
  EXPECT_EQ(group.pgid, child->process_group());
  EXPECT_EQ(group.leader_pid, child->pid());
  EXPECT_EQ(group.leader_start_time, read_proc_stat(child->pid()).value_or(ProcStat{}).start_time);
  EXPECT_EQ(group.role, "server");
  EXPECT_EQ(group.program, kChild);
  EXPECT_EQ(group.home, dir_->path());
  EXPECT_FALSE(group.started_at.empty());
  EXPECT_FALSE(group.ended);

  (void)child->stop(5s);
  record = RunRecord::from_json(read_json(registry_->file()));
  ASSERT_EQ(record.groups.size(), 1u);
  EXPECT_TRUE(record.groups.front().ended);
  EXPECT_FALSE(record.groups.front().ended_at.empty());

  const fs::path run_file = registry_->file();
  child.reset();
  launcher_.reset();
  registry_.reset();
  EXPECT_FALSE(fs::exists(run_file)) << "every group ended, so the run leaves no file";
}

TEST_F(ProcessRegistryTest, GroupSeenEmptyIsRecordedAsEnded) {
  auto child = launcher_->launch(child_spec("quick", {"exit", "0"}));
  EXPECT_TRUE(eventually([&] { return !child->group_alive(); }));
  EXPECT_TRUE(registry_->snapshot().groups.at(0).ended);
}

TEST_F(ProcessRegistryTest, ChildThatCannotBeRecordedIsNotLeftRunning) {
  fs::remove_all(registry_dir_);  // the next write of the run file fails
  try {
    (void)launcher_->launch(child_spec("unrecorded", {"sleep", file("unrecorded.ready").string()}));
    ADD_FAILURE() << "a child that could not be recorded was started";
  } catch (const BackendError& error) {
    EXPECT_NE(std::string(error.what()).find("could not record it"), std::string::npos)
        << error.what();
  }
  EXPECT_TRUE(registry_->snapshot().groups.empty());
  // TearDown finds any process still carrying this run's marker.
}

TEST_F(ProcessRegistryTest, LauncherNeedsARegistry) {
  EXPECT_THROW(PosixProcessLauncher(nullptr), std::invalid_argument);
}

TEST_F(ProcessRegistryTest, RunFileStaysWhileAGroupHasNotEnded) {
  const fs::path directory = file("kept");
  fs::path run_file;
  {
    ProcessRegistry registry(directory, "kept-run");
    RegisteredGroup group;
    group.pgid = group.leader_pid = 999999;
    group.role = "server";
    group.program = "agent";
    group.started_at = "2024-05-01T10:00:00.000Z";
    registry.record_started(group);
    run_file = registry.file();
  }
  EXPECT_TRUE(fs::exists(run_file)) << "the cleanup needs it";
  const RunRecord record = RunRecord::from_json(read_json(run_file));
  EXPECT_EQ(record.run_id, "kept-run");
  ASSERT_EQ(record.groups.size(), 1u);
  EXPECT_EQ(record.groups[0].pgid, 999999);
}

TEST_F(ProcessRegistryTest, RunFileRoundTripsAndNamesABadField) {
  RunRecord record = registry_->snapshot();
  RegisteredGroup group;
  group.pgid = group.leader_pid = 4242;
  group.leader_start_time = 77;
  group.role = "lifeline";
  group.program = "node";
  group.home = "/tmp/home";
  group.started_at = "2024-05-01T10:00:00.000Z";
  record.groups.push_back(group);
  const nlohmann::json json = nlohmann::json::parse(record.to_json().dump());
  EXPECT_EQ(RunRecord::from_json(json).to_json(), record.to_json());

  nlohmann::json broken = json;
  broken["groups"][0].erase("leader_start_time");
  try {
    (void)RunRecord::from_json(broken);
    ADD_FAILURE() << "a group without its leader's start time was accepted";
  } catch (const std::invalid_argument& error) {
    EXPECT_NE(std::string(error.what()).find("leader_start_time"), std::string::npos)
        << error.what();
  }
}

TEST_F(ProcessRegistryTest, RunIdMustBeAPlainName) {
  EXPECT_THROW(ProcessRegistry(file("bad"), "../escape"), std::invalid_argument);
  EXPECT_THROW(ProcessRegistry(file("bad"), ""), std::invalid_argument);
  EXPECT_NE(ProcessRegistry::new_run_id(), ProcessRegistry::new_run_id());
}

TEST_F(ProcessRegistryTest, DefaultDirectoryFollowsXdgStateHome) {
  const char* saved = std::getenv("XDG_STATE_HOME");
  const std::string previous = saved ? saved : "";
  const char* saved_home = std::getenv("HOME");
  const std::string previous_home = saved_home ? saved_home : "";
  const char* saved_own = std::getenv("TEST_AS_SELF_STATE_DIR");
  const std::string previous_own = saved_own ? saved_own : "";
  ::unsetenv("TEST_AS_SELF_STATE_DIR");
  ::setenv("XDG_STATE_HOME", "/var/tmp/state", 1);
  EXPECT_EQ(default_registry_directory(), fs::path("/var/tmp/state/test-as-self/runs"));
  ::setenv("XDG_STATE_HOME", "relative/is/ignored", 1);
  ::setenv("HOME", "/home/someone", 1);
  EXPECT_EQ(default_registry_directory(), fs::path("/home/someone/.local/state/test-as-self/runs"));
  if (saved)
    ::setenv("XDG_STATE_HOME", previous.c_str(), 1);
  else
    ::unsetenv("XDG_STATE_HOME");
  if (saved_own) ::setenv("TEST_AS_SELF_STATE_DIR", previous_own.c_str(), 1);
  if (saved_home)
    ::setenv("HOME", previous_home.c_str(), 1);
  else
    ::unsetenv("HOME");
}

}  // namespace
}  // namespace tas::test
