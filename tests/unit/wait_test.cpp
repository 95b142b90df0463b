#include <csignal>
#include <vector>

#include <gtest/gtest.h>

#include <tas/core/interrupt.hpp>
#include <tas/core/wait.hpp>
#include <tas/mocks/fake_clock.hpp>
#include <tas/mocks/recording_progress.hpp>

namespace tas {
namespace {

using namespace std::chrono_literals;

class WaitTest : public ::testing::Test {
 protected:
  mocks::FakeClock clock_;
  mocks::RecordingProgress progress_;
  Waiter waiter_{clock_, progress_};
};

TEST_F(WaitTest, ReturnsAtOnceWhenReady) {
  const WaitOutcome outcome =
      waiter_.wait({"x", Deadline::after(clock_, 10s)}, [] { return Probe::ready("now"); });
  EXPECT_EQ(outcome.end, WaitOutcome::End::ready);
  EXPECT_EQ(outcome.waited, 0ms);
  EXPECT_EQ(clock_.slept(), 0ms);
}

TEST_F(WaitTest, LooksAgainUntilReady) {
  int looks = 0;
  const WaitOutcome outcome = waiter_.wait({"x", Deadline::after(clock_, 10s), 100ms}, [&] {
    return ++looks == 4 ? Probe::ready() : Probe::not_yet("not yet");
  });
  EXPECT_TRUE(outcome.ready());
  EXPECT_EQ(looks, 4);
  EXPECT_EQ(outcome.waited, 300ms);
}

TEST_F(WaitTest, AFirstIntervalStartsShortAndDoublesUpToTheInterval) {
  std::vector<std::chrono::milliseconds> looks_at;
  const auto started = clock_.now();
  WaitSpec spec{"x", Deadline::after(clock_, 10s), 50ms};
  spec.first_interval = 1ms;
  const WaitOutcome outcome = waiter_.wait(spec, [&] {
    looks_at.push_back(
        std::chrono::duration_cast<std::chrono::milliseconds>(clock_.now() - started));
    return looks_at.size() == 9 ? Probe::ready() : Probe::not_yet("not yet");
  });
  ASSERT_TRUE(outcome.ready());
  const std::vector<std::chrono::milliseconds> expected{0ms,  1ms,  3ms,   7ms,  15ms,
                                                        31ms, 63ms, 113ms, 163ms};
  EXPECT_EQ(looks_at, expected);
}

TEST_F(WaitTest, TimesOutAtTheDeadlineWithTheLastReason) {
  const WaitOutcome outcome = waiter_.wait({"health", Deadline::after(clock_, 2s), 300ms},
                                           [] { return Probe::not_yet("HTTP 503"); });
  EXPECT_EQ(outcome.end, WaitOutcome::End::timed_out);
  EXPECT_EQ(outcome.why, "HTTP 503");
  EXPECT_EQ(outcome.waited, 2s);  // the last sleep is cut to the deadline
}

TEST_F(WaitTest, AFatalLookEndsTheWaitAtOnce) {
  int looks = 0;
  const WaitOutcome outcome = waiter_.wait({"x", Deadline::after(clock_, 60s)}, [&] {
    return ++looks == 2 ? Probe::fatal("server exited with code 1") : Probe::not_yet("starting");
  });
  EXPECT_EQ(outcome.end, WaitOutcome::End::fatal);
  EXPECT_EQ(outcome.why, "server exited with code 1");
  EXPECT_LT(outcome.waited, 1s);
}

TEST_F(WaitTest, APendingSignalEndsTheWait) {
  SignalScope signals;
  int looks = 0;
  const WaitOutcome outcome = waiter_.wait({"x", Deadline::after(clock_, 60s)}, [&] {
    if (++looks == 3) std::raise(SIGTERM);
    return Probe::not_yet("waiting");
  });
  EXPECT_EQ(outcome.end, WaitOutcome::End::interrupted);
  EXPECT_EQ(outcome.why, "interrupted by SIGTERM");
  EXPECT_EQ(looks, 3);
  clear_pending_signal();
}

TEST_F(WaitTest, ShowsProgressWhileAWaitTakesLong) {
  (void)waiter_.wait({"the lease", Deadline::after(clock_, 12s), 1s, 5s},
                     [] { return Probe::not_yet("missing"); });
  std::size_t waiting_lines = 0;
  for (const std::string& line : progress_.lines())
    waiting_lines += line.starts_with("waiting the lease") ? 1 : 0;
  EXPECT_EQ(waiting_lines, 2u);  // at 5 s and 10 s
}

TEST_F(WaitTest, AllOfRemembersWhenEachPartBecameReady) {
  int looks = 0;
  AllOf all(clock_);
  all.add("health", [&] { return looks >= 2 ? Probe::ready() : Probe::not_yet("refused"); });
  all.add("lease", [&] { return looks >= 5 ? Probe::ready() : Probe::not_yet("missing"); });
  const WaitOutcome outcome = waiter_.wait({"both", Deadline::after(clock_, 10s), 100ms}, [&] {
    ++looks;
    return all();
  });
  ASSERT_TRUE(outcome.ready());
  const auto timings = all.timings();
  EXPECT_EQ(timings["health"]["after_ms"], 100);
  EXPECT_EQ(timings["lease"]["after_ms"], 400);
  // And the calendar time of each, for the evidence's seen_at_us.
  ASSERT_TRUE(all.ready_at("health") && all.ready_at("lease"));
  EXPECT_EQ(*all.ready_at("lease") - *all.ready_at("health"), 300ms);
  EXPECT_FALSE(all.ready_at("nothing"));
}

TEST_F(WaitTest, AllOfIsFatalWhenAnyPartIs) {
  AllOf all(clock_);
  all.add("processes", [] { return Probe::fatal("lifeline (pid 7) killed by SIGSEGV"); });
  all.add("health", [] { return Probe::ready(); });
  const Probe probe = all();
  EXPECT_EQ(probe.state, Probe::State::fatal);
  // In the part's own words: a fatal reason names its cause already.
  EXPECT_EQ(probe.why, "lifeline (pid 7) killed by SIGSEGV");
}

TEST_F(WaitTest, AllOfSaysWhatItStillWaitsFor) {
  AllOf all(clock_);
  all.add("health", [] { return Probe::not_yet("connection refused"); });
  all.add("lease", [] { return Probe::not_yet("stale"); });
  EXPECT_EQ(all().why, "health: connection refused; lease: stale");
}

TEST_F(WaitTest, AllOfLooksAtWhatIsNotReadyYetBeforeWhatAlreadyIs) {
  std::vector<std::string> looked;
  AllOf all(clock_);
  all.add("health", [&] {
    looked.emplace_back("health");
    return Probe::ready();
  });
  all.add("lease", [&] {
    looked.emplace_back("lease");
    return looked.size() > 2 ? Probe::ready() : Probe::not_yet("missing");
  });
  EXPECT_FALSE(all().state == Probe::State::ready);
  EXPECT_EQ(all().state, Probe::State::ready);
  // The second look: the lease (not ready yet) before the health (ready since the first), each
  // once.
  EXPECT_EQ(looked, (std::vector<std::string>{"health", "lease", "lease", "health"}));
}

}  // namespace
}  // namespace tas
