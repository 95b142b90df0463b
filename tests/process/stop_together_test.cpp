// Teardown's way of stopping processes, with real processes and real signals: every group asked
// to stop at once and given one shared grace, and what left the groups found among the harness's
// own descendants and ended with them.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <future>
#include <string>
#include <vector>

#include "files.hpp"
#include "process_test_support.hpp"
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <tas/backends/proc_fs.hpp>
#include <tas/backends/stop_together.hpp>

namespace tas::test {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

using StopTogetherTest = ProcessTest;

// The CLOCK_MONOTONIC times (tas_test_child note-term) at which a child got SIGTERM; steady_clock
// is CLOCK_MONOTONIC, so they compare with the test's own time points.
std::vector<Clock::time_point> sigterm_notes(const fs::path& notes) {
  std::vector<Clock::time_point> times;
  for (const std::string& line : read_lines(notes))
    times.emplace_back(std::chrono::nanoseconds(std::stoll(line)));
  return times;
}

std::vector<Process*> pointers(const std::vector<std::unique_ptr<Process>>& processes) {
  std::vector<Process*> result;
  for (const auto& process : processes)
    result.push_back(process.get());
  return result;
}

TEST_F(StopTogetherTest, ChildrenThatIgnoreSigtermShareOneGrace) {
  constexpr auto kGrace = 500ms;
  std::vector<std::unique_ptr<Process>> children;
  for (const std::string name : {"first", "second", "third"}) {
    children.push_back(launcher_->launch(child_spec(
        name, {"note-term", file(name + ".ready").string(), file(name + ".notes").string()})));
    ASSERT_EQ(wait_for_ready(file(name + ".ready")).size(), 1u);
  }

  const auto started = Clock::now();
  const std::vector<StopOutcome> outcomes = stop_together(pointers(children), kGrace);
  const auto took = Clock::now() - started;

  ASSERT_EQ(outcomes.size(), 3u);
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    const std::string& role = children[i]->spec().role;
    ASSERT_TRUE(outcomes[i].exit.has_value()) << role << ": " << outcomes[i].problem;
    EXPECT_EQ(outcomes[i].exit->describe(), "killed by SIGKILL") << role;
    EXPECT_FALSE(children[i]->group_alive()) << role;
    // Every child got its SIGTERM before the one deadline, at which the SIGKILLs began: all of
    // them were asked before any was killed.
    const std::vector<Clock::time_point> notes = sigterm_notes(file(role + ".notes"));
    ASSERT_EQ(notes.size(), 1u) << role << " got SIGTERM " << notes.size() << " times";
    EXPECT_LT(notes.front(), started + kGrace) << role << " got SIGTERM only after the deadline";
  }
  EXPECT_GE(took, kGrace) << "SIGKILL before the grace was over";
  // One after the other, three children that ignore SIGTERM would take three graces.
  EXPECT_LT(took, 2 * kGrace) << "the grace was not shared";
}

TEST_F(StopTogetherTest, ChildrenThatObeyAreReapedWithoutWaitingOutTheGrace) {
  std::vector<std::unique_ptr<Process>> children;
  for (const std::string name : {"one", "two"}) {
    children.push_back(
        launcher_->launch(child_spec(name, {"sleep", file(name + ".ready").string()})));
    ASSERT_EQ(wait_for_ready(file(name + ".ready")).size(), 1u);
  }
  const std::vector<Process*> processes = pointers(children);
  auto stopping =
      std::async(std::launch::async, [&processes] { return stop_together(processes, 30s); });
  // The grace is 30 s; children that end at SIGTERM are seen ending, not waited out.
  ASSERT_EQ(stopping.wait_for(10s), std::future_status::ready)
      << "stop_together waited for the grace although every child had ended";
  const std::vector<StopOutcome> outcomes = stopping.get();
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    ASSERT_TRUE(outcomes[i].exit.has_value()) << outcomes[i].problem;
    EXPECT_EQ(outcomes[i].exit->describe(), "killed by SIGTERM");
    EXPECT_FALSE(children[i]->group_alive());
  }
}

TEST_F(StopTogetherTest, AChildThatObeysAndOneThatDoesNotEachEndTheirOwnWay) {
  constexpr auto kGrace = 300ms;
  auto obeying =
      launcher_->launch(child_spec("obeying", {"sleep", file("obeying.ready").string()}));
  auto stubborn =
      launcher_->launch(child_spec("stubborn", {"ignore-term", file("stubborn.ready").string()}));
  ASSERT_EQ(wait_for_ready(file("obeying.ready")).size(), 1u);
  ASSERT_EQ(wait_for_ready(file("stubborn.ready")).size(), 1u);
  const std::vector<Process*> processes{obeying.get(), stubborn.get()};
  const std::vector<StopOutcome> outcomes = stop_together(processes, kGrace);
  ASSERT_TRUE(outcomes[0].exit && outcomes[1].exit);
  EXPECT_EQ(outcomes[0].exit->describe(), "killed by SIGTERM");
  EXPECT_EQ(outcomes[1].exit->describe(), "killed by SIGKILL");
  // What stop_together returned is what stop() and poll() say from now on.
  EXPECT_EQ(stubborn->stop(5s).describe(), "killed by SIGKILL");
  EXPECT_EQ(obeying->poll().value_or(ExitStatus{}).describe(), "killed by SIGTERM");
}

TEST_F(StopTogetherTest, AChildThatEndedBeforeIsReportedAsItEnded) {
  auto done = launcher_->launch(child_spec("done", {"exit", "4"}));
  ASSERT_TRUE(eventually([&] { return done->poll().has_value(); }));
  const std::vector<Process*> processes{done.get()};
  const std::vector<StopOutcome> outcomes = stop_together(processes, 30s);
  ASSERT_TRUE(outcomes[0].exit.has_value());
  EXPECT_EQ(outcomes[0].exit->describe(), "exited with code 4");
}

TEST_F(StopTogetherTest, TheProcessTreeHoldsChildrenAndGrandchildrenOnly) {
  auto child = launcher_->launch(
      child_spec("escaper", {"grandchild-setsid", file("escaper.ready").string()}));
  const std::vector<int> pids = wait_for_ready(file("escaper.ready"));
  ASSERT_EQ(pids.size(), 2u);
  watch(pids[1]);
  const std::vector<int> tree = descendants_of(::getpid());
  EXPECT_NE(std::find(tree.begin(), tree.end(), pids[0]), tree.end()) << "the child";
  EXPECT_NE(std::find(tree.begin(), tree.end(), pids[1]), tree.end()) << "its grandchild";
  EXPECT_EQ(std::find(tree.begin(), tree.end(), 1), tree.end()) << "init is no descendant";
  EXPECT_EQ(std::find(tree.begin(), tree.end(), ::getpid()), tree.end()) << "nor are we";
  // The grandchild ignores SIGTERM: a short grace, then SIGKILL.
  launcher_->request_stray_stop();
  (void)child->stop(100ms);
  (void)launcher_->end_strays(100ms);
}

TEST_F(StopTogetherTest, AGrandchildThatLeftTheGroupEndsAsAStrayWithinTheSameGrace) {
  constexpr auto kGrace = 500ms;
  auto child = launcher_->launch(
      child_spec("escaper", {"grandchild-setsid", file("escaper.ready").string()}));
  const std::vector<int> pids = wait_for_ready(file("escaper.ready"));
  ASSERT_EQ(pids.size(), 2u);
  const ProcessHandle& grandchild = watch(pids[1]);
  ASSERT_NE(::getpgid(pids[1]), child->process_group()) << "the grandchild never left the group";

  // Teardown's order: the strays are asked first, while the leader still lives to lead to its
  // grandchild (this test process is no child subreaper: once the leader is gone, the grandchild
  // belongs to init); then the groups; then the strays are finished.
  const auto started = Clock::now();
  launcher_->request_stray_stop();
  const std::vector<Process*> processes{child.get()};
  const std::vector<StopOutcome> outcomes = stop_together(processes, kGrace);
  const ProcessLauncher::Strays strays = launcher_->end_strays(kGrace);
  const auto took = Clock::now() - started;

  ASSERT_TRUE(outcomes[0].exit.has_value()) << outcomes[0].problem;
  EXPECT_EQ(outcomes[0].exit->describe(), "killed by SIGTERM");
  ASSERT_EQ(strays.ended.size(), 1u) << ::testing::PrintToString(strays.ended);
  EXPECT_EQ(strays.ended.front(), "pid " + std::to_string(pids[1]) + " (carries " +
                                      registry_->marker() + "), needed SIGKILL");
  EXPECT_EQ(strays.survivors, 0u);
  EXPECT_TRUE(grandchild.ended());
  EXPECT_TRUE(live_processes_with_environment(kRunMarkerName, registry_->run_id()).empty())
      << "a process of the run is still alive";
  // The stray got its SIGTERM with the group and shared its grace.
  EXPECT_LT(took, 2 * kGrace) << "the stray waited out a grace of its own";
}

TEST_F(StopTogetherTest, NothingOutsideTheRunIsAStray) {
  auto child = launcher_->launch(child_spec("lonely", {"sleep", file("lonely.ready").string()}));
  ASSERT_EQ(wait_for_ready(file("lonely.ready")).size(), 1u);
  // A live group is stopped as a group: its leader is no stray (end_strays lists everything
  // request_stray_stop signalled).
  launcher_->request_stray_stop();
  EXPECT_EQ(child->stop(5s).describe(), "killed by SIGTERM");
  const ProcessLauncher::Strays strays = launcher_->end_strays(5s);
  EXPECT_TRUE(strays.ended.empty()) << ::testing::PrintToString(strays.ended);
}

}  // namespace
}  // namespace tas::test
