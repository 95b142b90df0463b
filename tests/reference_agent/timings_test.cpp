// The agent's own timings ("timingsFile"): one JSON line per event, in the order they happened,
// from every process of a deploy into the one file — what the macro benchmark sets beside the
// report's `seen_at_us` to measure how long the harness takes to notice each thing.

#include <fstream>
#include <string>
#include <vector>

#include "agent_fixture.hpp"
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <signal.h>

namespace tas::reference_agent {
namespace {

using ReferenceAgentTimings = ReferenceAgentTest;

std::vector<nlohmann::json> read_lines(const std::filesystem::path& file) {
  std::vector<nlohmann::json> lines;
  std::ifstream in(file);
  for (std::string line; std::getline(in, line);)
    lines.push_back(nlohmann::json::parse(line));
  return lines;
}

// The events of one process, in file order.
std::vector<std::string> events_of(const std::vector<nlohmann::json>& lines, int pid) {
  std::vector<std::string> events;
  for (const auto& line : lines) {
    if (line.at("pid") == pid) events.push_back(line.at("event").get<std::string>());
  }
  return events;
}

TEST_F(ReferenceAgentTimings, EveryProcessRecordsItsEventsInOrderWithRealtimeMicroseconds) {
  const std::filesystem::path timings = home_->dir() / "timings.jsonl";
  config_["timingsFile"] = timings.string();
  write_config();
  test::ChildProcess& server = start_server({"--no-telegram-poll"});
  ASSERT_TRUE(wait_for_health(server));
  test::ChildProcess& lifeline = start_lifeline();
  ASSERT_TRUE(wait_for_lease(lifeline, tas::lease::Decision::owned));
  stub_->push_message(user_message(601, "test-as-self nonce-7157", 42));
  ASSERT_TRUE(wait_for_stub(
      lifeline, [&] { return stub_->sent_count_locked() >= 1; }, "the server's reply"));
  for (test::ChildProcess* child : {&lifeline, &server}) {
    child->send_signal(SIGTERM);
    ExitStatus status;
    ASSERT_TRUE(wait_for_exit(*child, status));
  }

  const auto lines = read_lines(timings);
  EXPECT_EQ(events_of(lines, server.pid()),
            (std::vector<std::string>{"start", "listening", "mode_logged", "health_answered",
                                      "update_received", "reply_sending", "reply_sent", "signal",
                                      "exit"}));
  EXPECT_EQ(events_of(lines, lifeline.pid()),
            (std::vector<std::string>{"start", "lease_writing", "lease_written", "update_received",
                                      "signal", "exit"}));
  // Calendar microseconds that never go back within a process.
  std::int64_t previous = 0;
  for (const auto& line : lines) {
    EXPECT_EQ(line.at("process"), line.at("pid") == server.pid() ? "server" : "lifeline");
    const auto when = line.at("t_us").get<std::int64_t>();
    EXPECT_GT(when, 1'700'000'000'000'000);  // after November 2023, in microseconds
    if (line.at("pid") == server.pid()) {
      EXPECT_GE(when, previous);
      previous = when;
    }
  }
}

TEST_F(ReferenceAgentTimings, WithoutATimingsFileNothingIsWritten) {
  test::ChildProcess& server = start_server({"--no-telegram-poll"});
  ASSERT_TRUE(wait_for_health(server));
  EXPECT_FALSE(std::filesystem::exists(home_->dir() / "timings.jsonl"));
}

}  // namespace
}  // namespace tas::reference_agent
