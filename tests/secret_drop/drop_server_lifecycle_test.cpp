// Starting, waiting on and stopping the Secret Drop server (integration tier).
#include <future>
#include <thread>

#include "drop_test_support.hpp"
#include "loopback.hpp"
#include "temp_dir.hpp"
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <tas/core/unique_fd.hpp>
#include <tas/secret_drop/drop_id.hpp>
#include <tas/secret_drop/drop_server.hpp>

namespace tas::secret_drop {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

milliseconds since(steady_clock::time_point start) {
  return std::chrono::duration_cast<milliseconds>(steady_clock::now() - start);
}

class DropServerLifecycle : public ::testing::Test {
 protected:
  test::TempDir dir_{"tas-drop-life"};
  SecretStore store_{dir_ / "store"};
  DropServer server_{store_};
};

TEST_F(DropServerLifecycle, StartReturnsOnceItAnswers) {
  server_.start();
  EXPECT_GT(server_.port(), 0);
  const DropLink link = server_.open_request("bot token");
  EXPECT_EQ(test::get_page(link.url).status, 200);
}

TEST_F(DropServerLifecycle, StopIsPromptWithAnIdleConnectionOpenAndWakesWaiters) {
  server_.start();
  const DropLink link = server_.open_request("bot token");
  const UniqueFd idle = test::connect_to_loopback(server_.port());
  ASSERT_TRUE(idle.valid());
  auto waiter = std::async(std::launch::async, [&] {
    return server_.wait_for_submission(link.id, std::chrono::seconds(60));
  });
  // The waiter is parked before stop() (a submission would be seen either way; stop must be too).
  ASSERT_EQ(waiter.wait_for(milliseconds(50)), std::future_status::timeout);
  const auto start = steady_clock::now();
  server_.stop();
  EXPECT_LT(since(start), milliseconds(1000));
  EXPECT_EQ(waiter.get(), SubmissionWait::stopped);
  EXPECT_FALSE(test::connect_to_loopback(server_.port()).valid());
}

TEST_F(DropServerLifecycle, StopIsIdempotentAndSafeBeforeStart) {
  DropServer never_started{store_};
  never_started.stop();
  never_started.stop();
  server_.start();
  server_.stop();
  server_.stop();
}

TEST_F(DropServerLifecycle, StartingTwiceOrOpeningBeforeStartIsRefused) {
  EXPECT_THROW(server_.open_request("bot token"), DropServerError);
  server_.start();
  EXPECT_THROW(server_.start(), DropServerError);
  EXPECT_THROW((void)server_.wait_for_submission(new_drop_id(), milliseconds(1)), DropServerError);
}

TEST_F(DropServerLifecycle, AWaitReturnsTheMomentTheValueArrives) {
  server_.start();
  const DropLink link = server_.open_request("bot token");
  auto waiter = std::async(std::launch::async, [&] {
    return server_.wait_for_submission(link.id, std::chrono::seconds(30));
  });
  ASSERT_EQ(test::submit_form(link.url, "value").status, 200);
  const auto start = steady_clock::now();
  EXPECT_EQ(waiter.get(), SubmissionWait::submitted);
  EXPECT_LT(since(start), milliseconds(2000));
}

TEST_F(DropServerLifecycle, AWaitTimesOut) {
  server_.start();
  const DropLink link = server_.open_request("bot token");
  const auto start = steady_clock::now();
  EXPECT_EQ(server_.wait_for_submission(link.id, milliseconds(100)), SubmissionWait::timed_out);
  EXPECT_GE(since(start), milliseconds(100));
}

TEST_F(DropServerLifecycle, KeepWaitingIsAskedAtLeastEveryWakeInterval) {
  server_.start();
  const DropLink link = server_.open_request("bot token");
  int asked = 0;
  const auto start = steady_clock::now();
  // Nothing is submitted: only the wake-ups can call keep_waiting again.
  const SubmissionWait end =
      server_.wait_for_submission(link.id, std::chrono::seconds(30), [&] { return ++asked < 4; });
  EXPECT_EQ(end, SubmissionWait::cancelled);
  EXPECT_EQ(asked, 4);
  // Three sleeps of at most kWakeInterval each, with room for a loaded machine.
  EXPECT_LT(since(start), 3 * DropServer::kWakeInterval + milliseconds(1000));
}

}  // namespace
}  // namespace tas::secret_drop
