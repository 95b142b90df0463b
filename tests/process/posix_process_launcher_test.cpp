#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <fstream>

#include "files.hpp"
#include "process_test_support.hpp"
#include "signal_masks.hpp"
#include <gtest/gtest.h>
#include <pthread.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <tas/backends/backend_error.hpp>
#include <tas/backends/proc_fs.hpp>

namespace tas::test {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

ExitStatus wait_for_exit(Process& process) {
  EXPECT_TRUE(eventually([&] { return process.poll().has_value(); }))
      << process.spec().role << " did not end";
  return process.poll().value_or(ExitStatus{});
}

// Whether a core dump of a process in our temporary directory is something this machine does:
// a plain core_pattern (not piped to a helper) and a hard limit above zero.
bool core_files_possible() {
  const std::string pattern = read_text("/proc/sys/kernel/core_pattern");
  rlimit limit{};
  ::getrlimit(RLIMIT_CORE, &limit);
  return !pattern.empty() && pattern[0] != '|' && pattern[0] != '/' && limit.rlim_max != 0;
}

using PosixProcessLauncherTest = ProcessTest;

TEST_F(PosixProcessLauncherTest, ExitCodeIsDecoded) {
  auto failing = launcher_->launch(child_spec("failing", {"exit", "3"}));
  const ExitStatus status = wait_for_exit(*failing);
  EXPECT_EQ(status.kind, ExitStatus::Kind::exited);
  EXPECT_EQ(status.code, 3);
  EXPECT_FALSE(status.success());
  EXPECT_EQ(status.describe(), "exited with code 3");

  auto passing = launcher_->launch(child_spec("passing", {"exit", "0"}));
  EXPECT_TRUE(wait_for_exit(*passing).success());
  EXPECT_EQ(passing->stop(1s).describe(), "exited with code 0");
}

TEST_F(PosixProcessLauncherTest, DeathBySignalIsNotAnExitCode) {
  auto crashing = launcher_->launch(child_spec("crashing", {"segfault"}));
  const ExitStatus status = wait_for_exit(*crashing);
  EXPECT_EQ(status.kind, ExitStatus::Kind::signaled);
  EXPECT_EQ(status.signal, SIGSEGV);
  EXPECT_EQ(status.code, 0);
  EXPECT_FALSE(status.success());
  // The child set its own core limit to 0; only a core_pattern pipe would still take a dump.
  if (core_files_possible()) {
    EXPECT_FALSE(status.core_dumped);
    EXPECT_EQ(status.describe(), "killed by SIGSEGV");
  }
  EXPECT_EQ(status.to_json()["signal"], "SIGSEGV");
  EXPECT_EQ(status.to_json()["kind"], "signaled");

  auto aborting = launcher_->launch(child_spec("aborting", {"abort"}));
  const ExitStatus aborted = wait_for_exit(*aborting);
  EXPECT_EQ(aborted.kind, ExitStatus::Kind::signaled);
  EXPECT_EQ(aborted.signal, SIGABRT);
  EXPECT_EQ(aborted.describe().rfind("killed by SIGABRT", 0), 0u) << aborted.describe();
}

TEST_F(PosixProcessLauncherTest, CoreDumpIsReportedWhenAllowed) {
  if (!core_files_possible()) {
    GTEST_SKIP() << "this machine pipes core dumps to a helper or forbids them (core_pattern '"
                 << read_text("/proc/sys/kernel/core_pattern") << "')";
  }
  LaunchSpec spec = child_spec("dumping", {"abort"});
  spec.allow_core_dumps = true;
  auto dumping = launcher_->launch(spec);
  const ExitStatus status = wait_for_exit(*dumping);
  EXPECT_EQ(status.signal, SIGABRT);
  EXPECT_TRUE(status.core_dumped);
  EXPECT_EQ(status.describe(), "killed by SIGABRT (core dumped)");
  EXPECT_EQ(status.to_json()["core_dumped"], true);
}

TEST_F(PosixProcessLauncherTest, CoreLimitIsRaisedForTheChildOnly) {
  rlimit before{};
  ASSERT_EQ(::getrlimit(RLIMIT_CORE, &before), 0);
  const auto as_text = [](rlim_t value) {
    return value == RLIM_INFINITY ? std::string("unlimited") : std::to_string(value);
  };

  LaunchSpec allowed = child_spec("allowed", {"rlimit-core"});
  allowed.allow_core_dumps = true;
  auto with_cores = launcher_->launch(allowed);
  EXPECT_TRUE(wait_for_exit(*with_cores).success());
  EXPECT_EQ(read_lines(allowed.stdout_file), std::vector<std::string>{as_text(before.rlim_max)});

  auto without = launcher_->launch(child_spec("plain", {"rlimit-core"}));
  EXPECT_TRUE(wait_for_exit(*without).success());
  EXPECT_EQ(read_lines(file("plain.out")), std::vector<std::string>{as_text(before.rlim_cur)});

  rlimit after{};
  ASSERT_EQ(::getrlimit(RLIMIT_CORE, &after), 0);
  EXPECT_EQ(after.rlim_cur, before.rlim_cur) << "the harness's own limit must be put back";
}

TEST_F(PosixProcessLauncherTest, OutputGoesToItsFilesAppendedAndPrivate) {
  const LaunchSpec spec = child_spec("talker", {"print", "to stdout", "to stderr"});
  for (int run = 0; run < 2; ++run) {
    auto talker = launcher_->launch(spec);
    EXPECT_TRUE(wait_for_exit(*talker).success());
  }
  EXPECT_EQ(read_text(spec.stdout_file), "to stdout\nto stdout\n");
  EXPECT_EQ(read_text(spec.stderr_file), "to stderr\nto stderr\n");
  for (const auto& output : {spec.stdout_file, spec.stderr_file}) {
    struct stat info {};
    ASSERT_EQ(::stat(output.c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 0777, 0600u) << output;
  }
}

TEST_F(PosixProcessLauncherTest, OutputCanShareOneFile) {
  LaunchSpec spec = child_spec("talker", {"print", "to stdout", "to stderr"});
  spec.stderr_file = spec.stdout_file = file("talker.log");
  auto talker = launcher_->launch(spec);
  EXPECT_TRUE(wait_for_exit(*talker).success());
  // stdout is flushed before stderr is written, so the order is fixed.
  EXPECT_EQ(read_text(spec.stdout_file), "to stdout\nto stderr\n");
}

TEST_F(PosixProcessLauncherTest, EnvironmentIsExactlyTheGivenOnePlusTheMarker) {
  ASSERT_EQ(::setenv("TAS_ONLY_IN_THE_HARNESS", "must not leak", 1), 0);
  LaunchSpec spec = child_spec("env", {"env", file("env.ready").string()});
  spec.environment = {"PATH=/usr/bin:/bin", "ALPHA=1", "EMPTY=", "TEST_AS_SELF_RUN=stale-run"};
  auto child = launcher_->launch(spec);
  const std::vector<std::string> expected = {"PATH=/usr/bin:/bin", "ALPHA=1",
                                             "EMPTY=", "TEST_AS_SELF_RUN=" + registry_->run_id()};
  EXPECT_EQ(registry_->marker(), expected.back());
  ASSERT_EQ(wait_for_ready(file("env.ready")), std::vector<int>{child->pid()});

  EXPECT_EQ(read_environ(child->pid()), expected) << "as /proc/<pid>/environ shows it";
  EXPECT_EQ(read_lines(spec.stdout_file), expected) << "as the child prints it";
  EXPECT_EQ(child->stop(5s).signal, SIGTERM);
  ::unsetenv("TAS_ONLY_IN_THE_HARNESS");
}

TEST_F(PosixProcessLauncherTest, ChildRunsInItsWorkingDirectory) {
  const fs::path home = file("home");
  fs::create_directory(home);
  LaunchSpec spec = child_spec("cwd", {"cwd"});
  spec.working_directory = home;
  auto child = launcher_->launch(spec);
  EXPECT_TRUE(wait_for_exit(*child).success());
  EXPECT_EQ(read_lines(spec.stdout_file), std::vector<std::string>{fs::canonical(home).string()});
}

TEST_F(PosixProcessLauncherTest, ProgramIsFoundOnTheChildsOwnPath) {
  const fs::path bin = file("bin");
  fs::create_directory(bin);
  fs::create_symlink(kChild, bin / "tas-test-child-on-path");
  LaunchSpec spec = child_spec("on-path", {"exit", "7"});
  spec.argv.front() = "tas-test-child-on-path";
  spec.environment = {"PATH=" + bin.string()};
  auto child = launcher_->launch(spec);
  EXPECT_EQ(wait_for_exit(*child).code, 7);
}

TEST_F(PosixProcessLauncherTest, MissingProgramIsABackendErrorNamingIt) {
  auto launch_error = [&](LaunchSpec spec) -> std::string {
    try {
      (void)launcher_->launch(spec);
    } catch (const BackendError& error) {
      return error.what();
    }
    ADD_FAILURE() << "launching " << spec.argv.front() << " did not throw";
    return {};
  };
  LaunchSpec absolute = child_spec("ghost", {});
  absolute.argv = {"/nonexistent/tas-no-such-program", "x"};
  const std::string by_path = launch_error(absolute);
  EXPECT_NE(by_path.find("/nonexistent/tas-no-such-program"), std::string::npos) << by_path;
  EXPECT_NE(by_path.find("No such file or directory"), std::string::npos) << by_path;
  EXPECT_NE(by_path.find("ghost"), std::string::npos) << by_path;

  LaunchSpec bare = child_spec("ghost", {});
  bare.argv = {"tas-no-such-program"};
  const std::string by_name = launch_error(bare);
  EXPECT_NE(by_name.find("'tas-no-such-program' was not found on the PATH"), std::string::npos)
      << by_name;

  const fs::path not_executable = file("not-executable");
  { std::ofstream(not_executable) << "#!/bin/sh\n"; }
  fs::permissions(not_executable, fs::perms::owner_read | fs::perms::owner_write);
  LaunchSpec denied = child_spec("denied", {});
  denied.argv = {not_executable.string()};
  const std::string by_permission = launch_error(denied);
  EXPECT_NE(by_permission.find(not_executable.string()), std::string::npos) << by_permission;
  EXPECT_NE(by_permission.find("Permission denied"), std::string::npos) << by_permission;

  LaunchSpec nowhere = child_spec("homeless", {"exit", "0"});
  nowhere.working_directory = file("no-such-home");
  const std::string by_directory = launch_error(nowhere);
  EXPECT_NE(by_directory.find("no-such-home"), std::string::npos) << by_directory;

  EXPECT_TRUE(registry_->snapshot().groups.empty()) << "nothing started, nothing recorded";
}

TEST_F(PosixProcessLauncherTest, ChildLeadsItsOwnProcessGroup) {
  auto child = launcher_->launch(child_spec("leader", {"sleep", file("leader.ready").string()}));
  EXPECT_EQ(child->process_group(), child->pid());
  EXPECT_EQ(::getpgid(child->pid()), child->pid());
  EXPECT_NE(child->process_group(), ::getpgrp());
  EXPECT_EQ(read_proc_stat(child->pid()).value_or(ProcStat{}).process_group, child->pid());
  EXPECT_TRUE(child->group_alive());
  EXPECT_FALSE(child->poll().has_value());
  (void)child->stop(5s);
}

TEST_F(PosixProcessLauncherTest, SignalsTheHarnessBlocksOrIgnoresAreNotInherited) {
  struct sigaction ignore {};
  ignore.sa_handler = SIG_IGN;
  struct sigaction previous {};
  ASSERT_EQ(::sigaction(SIGTERM, &ignore, &previous), 0);
  sigset_t blocked;
  sigemptyset(&blocked);
  sigaddset(&blocked, SIGUSR1);
  sigset_t previous_mask;
  ASSERT_EQ(::pthread_sigmask(SIG_BLOCK, &blocked, &previous_mask), 0);

  auto child =
      launcher_->launch(child_spec("clean-slate", {"sleep", file("slate.ready").string()}));
  ::pthread_sigmask(SIG_SETMASK, &previous_mask, nullptr);
  ::sigaction(SIGTERM, &previous, nullptr);

  ASSERT_EQ(wait_for_ready(file("slate.ready")), std::vector<int>{child->pid()});
  EXPECT_EQ(signal_set(child->pid(), "SigBlk"), std::uint64_t{0});
  // glibc's posix_spawn sets its own reserved signals (32 up to SIGRTMIN: its thread
  // cancellation and set*id broadcasts) to SIG_IGN in every child, whatever is asked; every
  // signal a program can use must be back to its default.
  std::uint64_t reserved = 0;
  for (int signal = 32; signal < SIGRTMIN; ++signal)
    reserved |= std::uint64_t{1} << (signal - 1);
  const std::optional<std::uint64_t> ignored = signal_set(child->pid(), "SigIgn");
  ASSERT_TRUE(ignored.has_value()) << "no SigIgn for " << child->pid();
  EXPECT_EQ(*ignored & ~reserved, 0u) << "ignored: " << std::hex << *ignored;
  EXPECT_EQ(child->stop(10s).describe(), "killed by SIGTERM");
}

TEST_F(PosixProcessLauncherTest, StopEndsACooperativeChildWithSigtermAlone) {
  auto child = launcher_->launch(child_spec("cooperative", {"sleep", file("coop.ready").string()}));
  ASSERT_EQ(wait_for_ready(file("coop.ready")).size(), 1u);
  ASSERT_TRUE(child->group_alive());
  const auto started = Clock::now();
  const ExitStatus status = child->stop(30s);
  EXPECT_LT(Clock::now() - started, 10s) << "a child that obeys SIGTERM needs no grace";
  EXPECT_EQ(status.kind, ExitStatus::Kind::signaled);
  EXPECT_EQ(status.signal, SIGTERM);
  EXPECT_FALSE(child->group_alive());
}

TEST_F(PosixProcessLauncherTest, StopKillsAChildThatIgnoresSigtermAfterTheGrace) {
  auto child =
      launcher_->launch(child_spec("stubborn", {"ignore-term", file("stub.ready").string()}));
  ASSERT_EQ(wait_for_ready(file("stub.ready")).size(), 1u);
  const auto started = Clock::now();
  const ExitStatus status = child->stop(200ms);
  EXPECT_GE(Clock::now() - started, 200ms) << "SIGKILL only after the grace";
  EXPECT_EQ(status.signal, SIGKILL);
  EXPECT_EQ(status.describe(), "killed by SIGKILL");
  EXPECT_FALSE(child->group_alive());
}

TEST_F(PosixProcessLauncherTest, StopKillsAGrandchildLeftInTheGroup) {
  auto child = launcher_->launch(
      child_spec("forker", {"grandchild-in-group", file("forker.ready").string()}));
  const std::vector<int> pids = wait_for_ready(file("forker.ready"));
  ASSERT_EQ(pids.size(), 2u);
  const ProcessHandle& grandchild = watch(pids[1]);
  EXPECT_EQ(::getpgid(pids[1]), child->process_group());
  EXPECT_TRUE(child->group_alive());

  const ExitStatus status = child->stop(200ms);
  EXPECT_EQ(status.signal, SIGTERM) << "the leader obeyed SIGTERM; its grandchild needed SIGKILL";
  EXPECT_TRUE(grandchild.ended());
  EXPECT_FALSE(child->group_alive());
}

// A group whose leader has exited while its grandchild lives on in it.
struct LeaderlessGroup {
  std::unique_ptr<Process> leader;
  int grandchild_pid = 0;
  const ProcessHandle* grandchild = nullptr;
};

class LeaderlessGroupTest : public PosixProcessLauncherTest {
 protected:
  // Empty `leader` when the child did not get that far (the failure is recorded).
  LeaderlessGroup leave_a_grandchild_without_its_leader() {
    LeaderlessGroup group;
    group.leader = launcher_->launch(
        child_spec("short-lived", {"grandchild-then-exit", file("short.ready").string()}));
    const std::vector<int> pids = wait_for_ready(file("short.ready"));
    if (pids.size() != 2u) {
      ADD_FAILURE() << "the child announced " << pids.size() << " pid(s), not 2";
      group.leader.reset();
      return group;
    }
    group.grandchild_pid = pids[1];
    group.grandchild = &watch(pids[1]);
    EXPECT_TRUE(wait_for_exit(*group.leader).success());
    return group;
  }

  // The group counts as alive until stop() has ended the grandchild too.
  static void expect_alive_until_stopped(LeaderlessGroup& group) {
    EXPECT_TRUE(group.leader->group_alive()) << "the leader has exited, its grandchild has not";
    EXPECT_EQ(group.leader->stop(200ms).describe(), "exited with code 0");
    EXPECT_TRUE(group.grandchild->ended());
    EXPECT_FALSE(group.leader->group_alive());
  }
};

TEST_F(LeaderlessGroupTest, GroupIsAliveWhileAGrandchildOutlivesItsLeader) {
  LeaderlessGroup group = leave_a_grandchild_without_its_leader();
  ASSERT_TRUE(group.leader);
  expect_alive_until_stopped(group);
}

TEST_F(LeaderlessGroupTest, AsSubreaperALeaderlessGroupIsFoundInItsOwnTree) {
  // A child subreaper looks for a group's members among its own descendants only, where one that
  // outlives its leader is reparented: the same grandchild must be found that way.
  ASSERT_EQ(::prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0), 0);
  struct NoLongerSubreaper {
    ~NoLongerSubreaper() { ::prctl(PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0); }
  } restore;
  LeaderlessGroup group = leave_a_grandchild_without_its_leader();
  ASSERT_TRUE(group.leader);
  ASSERT_TRUE(eventually([&] {
    const auto stat = read_proc_stat(group.grandchild_pid);
    return stat && stat->ppid == ::getpid();
  })) << "the orphan was not reparented to this subreaper";
  expect_alive_until_stopped(group);
  EXPECT_TRUE(eventually([&] {
    int status = 0;
    return ::waitpid(group.grandchild_pid, &status, WNOHANG) == group.grandchild_pid;
  })) << "the adopted grandchild did not end, or is not ours to reap";
}

TEST_F(PosixProcessLauncherTest, StopIsIdempotent) {
  auto child = launcher_->launch(child_spec("twice", {"sleep", file("twice.ready").string()}));
  ASSERT_EQ(wait_for_ready(file("twice.ready")).size(), 1u);
  const ExitStatus first = child->stop(5s);
  const auto started = Clock::now();
  const ExitStatus second = child->stop(5s);
  EXPECT_LT(Clock::now() - started, 1s);
  EXPECT_EQ(second.describe(), first.describe());
  EXPECT_EQ(child->poll().value_or(ExitStatus{}).describe(), first.describe());
  EXPECT_FALSE(child->group_alive());

  // A child that ended by itself is not signalled: its own exit is what stop() reports.
  auto done = launcher_->launch(child_spec("done", {"exit", "4"}));
  EXPECT_EQ(wait_for_exit(*done).code, 4);
  EXPECT_EQ(done->stop(5s).describe(), "exited with code 4");
  EXPECT_EQ(done->stop(5s).describe(), "exited with code 4");
}

TEST_F(PosixProcessLauncherTest, DestroyingAProcessStopsIt) {
  auto child = launcher_->launch(
      child_spec("forgotten", {"grandchild-in-group", file("forgotten.ready").string()}));
  const std::vector<int> pids = wait_for_ready(file("forgotten.ready"));
  ASSERT_EQ(pids.size(), 2u);
  const ProcessHandle& leader = watch(pids[0]);
  const ProcessHandle& grandchild = watch(pids[1]);
  child.reset();
  EXPECT_TRUE(leader.ended());
  EXPECT_TRUE(grandchild.ended());
}

}  // namespace
}  // namespace tas::test
