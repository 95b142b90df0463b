#pragma once

#include <chrono>
#include <cstdint>
#include <future>
#include <string>

#include "support/bot_api_client.hpp"
#include <gtest/gtest.h>

#include <tas/fake/fake_telegram_server.hpp>

namespace tas::fake {

using namespace std::chrono_literals;

// The world most tests talk in: two bots, one person, a plain group, a forum with two topics and
// a private chat. The tokens are made-up test values of the real shape.
inline constexpr const char* kAgentToken = "123456:AAbbCCddEEff_gg-HHiiJJkkLLmm1234";
inline constexpr const char* kOtherToken = "654321:ZZyyXXwwVVuu_tt-SSrrQQppOOnn9876";
inline constexpr const char* kAgentBot = "agent_bot";
inline constexpr const char* kOtherBot = "other_bot";
inline constexpr std::int64_t kAgentBotId = 123456;
inline constexpr std::int64_t kUserId = 42;
inline constexpr std::int64_t kGroupId = -100;  // plain group: both bots are members
inline constexpr std::int64_t kForumId = -200;  // forum: the agent bot is a member
inline constexpr std::int64_t kTopicA = 7;
inline constexpr std::int64_t kTopicB = 9;

// Generous enough never to fire on a slow machine; only a broken fake waits this long.
inline constexpr auto kPatience = 10s;

void populate(FakeTelegramServer& server);

// A fake populated with the world above and started.
class FakeTelegramTest : public ::testing::Test {
 protected:
  void SetUp() override;

  [[nodiscard]] HttpClient http() const { return {"127.0.0.1", server_.port()}; }
  [[nodiscard]] BotApiClient agent() const { return {http(), kAgentToken}; }
  [[nodiscard]] BotApiClient other() const { return {http(), kOtherToken}; }

  // Starts a getUpdates on a thread of its own; the future resolves when the fake answers.
  [[nodiscard]] std::future<ApiResponse> poll_async(const char* token, int timeout_s,
                                                    std::int64_t offset = 0) const;

  FakeTelegramServer server_;
};

// Expects Telegram's error envelope: HTTP `code`, ok false, error_code and description.
void expect_api_error(const ApiResponse& response, int code, std::string_view description);

// The `result` of a successful call; fails the test (and returns null) otherwise.
nlohmann::json result_of(const ApiResponse& response);

// The updates of one getUpdates call, confirming every earlier one.
nlohmann::json take_updates(const BotApiClient& bot);

// True when the future resolved within the deadline.
template <typename T>
bool resolves_within(std::future<T>& future, std::chrono::milliseconds deadline) {
  return future.wait_for(deadline) == std::future_status::ready;
}

}  // namespace tas::fake
