// Many pollers and idle clients at once: a parked long poll or an idle kept-alive connection must
// never keep another client from being answered. (With a fixed pool of workers, as many parked
// polls as workers made every other call wait for their 50 s timeouts.) How fast it answers is
// for bench/; here only that it answers, within a deadline no healthy fake comes near.

#include <future>
#include <vector>

#include "support/fake_telegram_fixture.hpp"
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <tas/fake/random_bot_token.hpp>

namespace tas::fake {
namespace {

using FakeTelegramManyConnections = FakeTelegramTest;

struct StopsFirst {
  FakeTelegramServer& server;
  ~StopsFirst() { server.stop(); }
};

// More than a typical fixed pool of worker threads (64), so that a server whose workers are each
// held by a parked poll or an idle connection fails this test.
constexpr int kPollers = 150;
constexpr int kIdleConnections = 200;

TEST_F(FakeTelegramManyConnections, ParkedPollsAndIdleConnectionsDelayNobody) {
  std::vector<std::string> tokens;
  for (int i = 0; i < kPollers; ++i) {
    tokens.push_back(random_bot_token(900000 + i));
    server_.register_bot({.token = tokens.back(), .username = fmt::format("poller{}_bot", i)});
  }
  // Each bot parks one getUpdates for the longest timeout Telegram allows.
  std::vector<std::future<ApiResponse>> polls;
  for (const std::string& token : tokens)
    polls.push_back(poll_async(token.c_str(), 50));
  for (int i = 0; i < kPollers; ++i) {
    ASSERT_TRUE(server_.wait_for_parked(fmt::format("poller{}_bot", i), 1, kPatience))
        << "poller " << i << " never parked: "
        << nlohmann::json(server_.counters(fmt::format("poller{}_bot", i))).dump();
  }
  // Connections that made one request and now sit idle, kept alive.
  std::vector<std::unique_ptr<httplib::Client>> idle;
  for (int i = 0; i < kIdleConnections; ++i) {
    idle.push_back(std::make_unique<httplib::Client>("127.0.0.1", server_.port()));
    idle.back()->set_keep_alive(true);
    const auto warmed = idle.back()->Get(fmt::format("/bot{}/getMe", kAgentToken));
    ASSERT_TRUE(warmed && warmed->status == 200) << "idle connection " << i;
  }

  // A newcomer is answered at once — well within the parked polls' 50 s and the idle
  // connections' keep-alive timeout, which is what it would otherwise wait for.
  auto newcomer = std::async(std::launch::async, [this] {
    return agent().call("sendMessage", {{"chat_id", kGroupId}, {"text", "still served"}});
  });
  ASSERT_TRUE(resolves_within(newcomer, 3s)) << "a new client waited behind parked polls";
  EXPECT_EQ(newcomer.get().status, 200);

  server_.stop();  // answers the parked polls
  for (auto& poll : polls) {
    ASSERT_TRUE(resolves_within(poll, kPatience));
    EXPECT_EQ(poll.get().status, 200);
  }
}

}  // namespace
}  // namespace tas::fake
