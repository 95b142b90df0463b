// setMyCommands, getMyCommands and deleteMyCommands, keyed by scope and language as at Telegram.

#include "support/fake_telegram_fixture.hpp"
#include <gtest/gtest.h>

namespace tas::fake {
namespace {

using FakeTelegramBotCommands = FakeTelegramTest;

const auto kCommands = nlohmann::json::parse(
    R"([{"command": "start", "description": "Start"}, {"command": "help", "description": "Help"}])");

TEST_F(FakeTelegramBotCommands, SetThenGetReturnsTheList) {
  EXPECT_EQ(agent().call("getMyCommands").body["result"], nlohmann::json::array());
  EXPECT_EQ(result_of(agent().call("setMyCommands", {{"commands", kCommands}})), true);
  EXPECT_EQ(result_of(agent().call("getMyCommands")), kCommands);
  // The form encoding carries the list as JSON text.
  EXPECT_EQ(result_of(agent().call("getMyCommands", {{"scope", R"({"type":"default"})"}},
                                   Encoding::kForm)),
            kCommands);
  // Another bot's list is its own.
  EXPECT_EQ(result_of(other().call("getMyCommands")), nlohmann::json::array());
}

TEST_F(FakeTelegramBotCommands, ListsAreKeptPerScopeAndLanguage) {
  const auto german = nlohmann::json::parse(R"([{"command": "hilfe", "description": "Hilfe"}])");
  const nlohmann::json group_scope = {{"type", "chat"}, {"chat_id", kGroupId}};
  ASSERT_EQ(agent().call("setMyCommands", {{"commands", kCommands}}).status, 200);
  ASSERT_EQ(agent()
                .call("setMyCommands",
                      {{"commands", german}, {"scope", group_scope}, {"language_code", "de"}})
                .status,
            200);
  EXPECT_EQ(
      result_of(agent().call("getMyCommands", {{"scope", group_scope}, {"language_code", "de"}})),
      german);
  // No fallback: another language or scope has its own (empty) list.
  EXPECT_EQ(result_of(agent().call("getMyCommands", {{"scope", group_scope}})),
            nlohmann::json::array());
  EXPECT_EQ(result_of(agent().call("getMyCommands", {{"language_code", "de"}})),
            nlohmann::json::array());
  // The chat may be named by a string too.
  EXPECT_EQ(
      result_of(agent().call("getMyCommands",
                             {{"scope", {{"type", "chat"}, {"chat_id", std::to_string(kGroupId)}}},
                              {"language_code", "de"}})),
      german);

  EXPECT_EQ(result_of(agent().call("deleteMyCommands",
                                   {{"scope", group_scope}, {"language_code", "de"}})),
            true);
  EXPECT_EQ(
      result_of(agent().call("getMyCommands", {{"scope", group_scope}, {"language_code", "de"}})),
      nlohmann::json::array());
  EXPECT_EQ(result_of(agent().call("getMyCommands")), kCommands);
}

TEST_F(FakeTelegramBotCommands, ALeadingSlashIsDroppedButUpperCaseRefused) {
  ASSERT_EQ(agent()
                .call("setMyCommands",
                      {{"commands", nlohmann::json::parse(
                                        R"([{"command": "/status", "description": "Show"}])")}})
                .status,
            200);
  EXPECT_EQ(result_of(agent().call("getMyCommands"))[0]["command"], "status");
  expect_api_error(
      agent().call("setMyCommands",
                   {{"commands",
                     nlohmann::json::parse(R"([{"command": "addPhoto", "description": "Add"}])")}}),
      400, "Bad Request: BOT_COMMAND_INVALID");
}

TEST_F(FakeTelegramBotCommands, InvalidCommandsAndScopesAreRefused) {
  const auto set = [&](const nlohmann::json& params) {
    return agent().call("setMyCommands", params);
  };
  expect_api_error(set({{"commands", nlohmann::json::parse(
                                         R"([{"command": "no spaces", "description": "x"}])")}}),
                   400, "Bad Request: BOT_COMMAND_INVALID");
  expect_api_error(
      set({{"commands", nlohmann::json::parse(R"([{"command": "ok", "description": ""}])")}}), 400,
      "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID");
  expect_api_error(set({{"commands", nlohmann::json::parse(R"([{"command": "ok"}])")}}), 400,
                   "Bad Request: Can't parse BotCommand: Can't find field \"description\"");
  expect_api_error(set({{"commands", {{"command", "ok"}}}}), 400,
                   "Bad Request: Expected an Array of BotCommand");
  expect_api_error(set({{"commands", kCommands}, {"scope", {{"type", "everyone"}}}}), 400,
                   "Bad Request: Can't parse BotCommandScope: Unsupported type specified");
  expect_api_error(set({{"commands", kCommands}, {"scope", {{"type", "chat"}}}}), 400,
                   "Bad Request: Can't parse BotCommandScope: Empty chat_id specified");
  expect_api_error(set({{"commands", kCommands}, {"language_code", "english"}}), 400,
                   "Bad Request: invalid language code specified");
}

}  // namespace
}  // namespace tas::fake
