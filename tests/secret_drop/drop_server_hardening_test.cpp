// The one-time form server against what a hostile page or a local process can do over real
// loopback HTTP: a foreign Host header (DNS rebinding), idle and slow connections in the way of a
// real request; and the waiting line's cadence at the deadline (integration tier).
#include <stdexcept>
#include <string>
#include <vector>

#include "drop_test_support.hpp"
#include "loopback.hpp"
#include "temp_dir.hpp"
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/socket.h>

#include <tas/backends/backend_error.hpp>
#include <tas/core/unique_fd.hpp>
#include <tas/mocks/fake_clock.hpp>
#include <tas/secret_drop/drop_server.hpp>
#include <tas/secret_drop/form_request.hpp>

namespace tas::secret_drop {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;
using testing::HasSubstr;
using testing::Not;

// A connection to 127.0.0.1:`port` that has sent `head` (maybe nothing, maybe half a request)
// and then nothing more, as a preconnect or a slow client does.
UniqueFd stalled_connection(int port, const std::string& head) {
  UniqueFd fd = test::connect_to_loopback(port);
  if (!fd) {
    ADD_FAILURE() << "cannot connect to 127.0.0.1:" << port;
    return fd;
  }
  if (!head.empty()) (void)::send(fd.get(), head.data(), head.size(), MSG_NOSIGNAL);
  return fd;
}

class DropServerHardening : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.start();
    link_ = server_.open_request("bot token");
    host_ = "127.0.0.1:" + std::to_string(server_.port());
  }
  [[nodiscard]] std::string get_with_host(const std::string& host_lines) const {
    return test::raw_exchange(server_.port(), "GET /drop/" + link_.id + " HTTP/1.1\r\n" +
                                                  host_lines + "Connection: close\r\n\r\n");
  }

  test::TempDir dir_{"tas-drop-hard"};
  SecretStore store_{dir_ / "store"};
  DropServer server_{store_};
  DropLink link_;
  std::string host_;
};

TEST_F(DropServerHardening, AFormRequestForAnotherHostIs421WithoutTheForm) {
  for (const std::string& host_lines : std::vector<std::string>{
           "Host: evil.example\r\n",
           "Host: evil.example:" + std::to_string(server_.port()) + "\r\n",
           "Host: localhost:" + std::to_string(server_.port()) + "\r\n", "Host: 127.0.0.1\r\n",
           std::string(), "Host: " + host_ + "\r\nHost: evil.example\r\n"}) {
    SCOPED_TRACE(host_lines);
    const std::string answer = get_with_host(host_lines);
    EXPECT_TRUE(answer.starts_with("HTTP/1.1 421 ")) << answer;
    EXPECT_THAT(answer, HasSubstr("answers only requests addressed to " + host_));
    EXPECT_THAT(answer, HasSubstr("Open the link exactly as the harness printed it"));
    EXPECT_THAT(answer, Not(HasSubstr("name=\"csrf\"")));
    EXPECT_THAT(answer, HasSubstr("Cache-Control: no-store\r\n"));
  }
  // The printed address itself is served.
  EXPECT_TRUE(get_with_host("Host: " + host_ + "\r\n").starts_with("HTTP/1.1 200 "));
}

TEST_F(DropServerHardening, ASubmissionForAnotherHostIsRefusedAndStoresNothing) {
  // The attacker's page cannot read the CSRF token, but even with it the POST must fail.
  const std::string csrf = test::csrf_of(test::get_page(link_.url).body);
  ASSERT_FALSE(csrf.empty());
  const std::string body = test::form_encode({{"csrf", csrf}, {"value", "stolen-by-rebinding"}});
  const std::string answer = test::raw_exchange(
      server_.port(), "POST /drop/" + link_.id +
                          " HTTP/1.1\r\nHost: evil.example:" + std::to_string(server_.port()) +
                          "\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                          "Content-Length: " +
                          std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 421 ")) << answer;
  EXPECT_EQ(server_.wait_for_submission(link_.id, milliseconds(0)), SubmissionWait::timed_out);
  EXPECT_TRUE(store_.list().empty());
  // The link is untouched: the operator can still submit it from the printed address.
  EXPECT_EQ(test::submit_form(link_.url, "the-real-value").status, 200);
  EXPECT_EQ(server_.wait_for_submission(link_.id, milliseconds(0)), SubmissionWait::submitted);
}

TEST_F(DropServerHardening, IdleAndSlowConnectionsDoNotDelayARealRequest) {
  std::vector<UniqueFd> stalled;
  for (int i = 0; i < 20; ++i)
    stalled.push_back(stalled_connection(server_.port(), ""));
  for (int i = 0; i < 10; ++i) {
    stalled.push_back(
        stalled_connection(server_.port(), "GET /drop/" + link_.id + " HTTP/1.1\r\nHost: "));
  }
  const auto started = steady_clock::now();
  const test::Page page = test::get_page(link_.url);
  const auto took = std::chrono::duration_cast<milliseconds>(steady_clock::now() - started);
  EXPECT_EQ(page.status, 200);
  // Each stalled connection may hold its own thread for seconds; none may hold the real request.
  EXPECT_LT(took, milliseconds(2000)) << "the real request waited behind stalled connections";
}

// Counts the waiting lines, and ends a wait that prints too many instead of letting it spin on.
class CountingProgress final : public ProgressSink {
 public:
  explicit CountingProgress(std::function<void()> on_note) : on_note_(std::move(on_note)) {}
  void step_started(StepId) override {}
  void step_finished(const StepResult&) override {}
  void waiting(std::string_view, milliseconds, milliseconds) override {
    times.push_back(steady_clock::now());
    if (times.size() > 20) throw std::runtime_error("more than 20 waiting lines");
  }
  void note(std::string_view) override {
    if (on_note_) on_note_();
  }
  void run_finished(const Report&, const std::vector<std::filesystem::path>&) override {}

  std::vector<steady_clock::time_point> times;

 private:
  std::function<void()> on_note_;
};

TEST(FormRequestCadence, UnderAMillisecondBeforeTheDeadlineEndsTheWaitWithoutALineStorm) {
  test::TempDir dir("tas-drop-cadence");
  const SecretStore store(dir / "store");
  mocks::FakeClock clock;
  // Ten seconds and a half millisecond ahead; once the link is shown the clock jumps to half a
  // millisecond before the deadline and stays there: remaining() is 0 ms, expired() is false.
  const Deadline deadline(clock,
                          clock.now() + std::chrono::seconds(10) + std::chrono::microseconds(500));
  CountingProgress progress([&clock] { clock.advance(milliseconds(10'000)); });
  const auto started = steady_clock::now();
  try {
    (void)request_through_form(store, "bot token", deadline, progress);
    FAIL() << "expected the wait to end with no submission";
  } catch (const BackendError& error) {
    EXPECT_THAT(error.what(), HasSubstr("no token was submitted"));
  } catch (const std::runtime_error& error) {
    FAIL() << error.what() << " at the deadline: the waiting line lost its cadence";
  }
  EXPECT_TRUE(progress.times.empty()) << progress.times.size() << " waiting line(s)";
  EXPECT_LT(steady_clock::now() - started, std::chrono::seconds(5));
}

TEST(FormRequestCadence, WaitingLinesAreAtLeastTheCadenceApart) {
  test::TempDir dir("tas-drop-cadence");
  const SecretStore store(dir / "store");
  SystemClock clock;
  FormRequestOptions options;
  options.progress_every = milliseconds(300);
  CountingProgress progress({});
  EXPECT_THROW(
      (void)request_through_form(store, "bot token", Deadline::after(clock, milliseconds(1000)),
                                 progress, options),
      BackendError);
  EXPECT_GE(progress.times.size(), 1u);
  EXPECT_LE(progress.times.size(), 3u);
  for (std::size_t i = 1; i < progress.times.size(); ++i) {
    EXPECT_GE(progress.times[i] - progress.times[i - 1], milliseconds(299)) << "line " << i;
  }
}

}  // namespace
}  // namespace tas::secret_drop
