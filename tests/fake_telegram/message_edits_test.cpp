// The bot's editMessageText, editMessageReplyMarkup and deleteMessage: results, Telegram's errors,
// and what the person's side sees.

#include "support/fake_telegram_fixture.hpp"
#include <gtest/gtest.h>

namespace tas::fake {
namespace {

using FakeTelegramMessageEdits = FakeTelegramTest;

const auto kKeyboard =
    nlohmann::json::parse(R"({"inline_keyboard": [[{"text": "Go", "callback_data": "go"}]]})");
const auto kOtherKeyboard =
    nlohmann::json::parse(R"({"inline_keyboard": [[{"text": "Stop", "callback_data": "stop"}]]})");

std::int64_t sent_id(const ApiResponse& response) {
  return result_of(response).value("message_id", std::int64_t{0});
}

TEST_F(FakeTelegramMessageEdits, EditMessageTextReturnsTheEditedMessage) {
  const auto id = sent_id(agent().call(
      "sendMessage", {{"chat_id", kGroupId}, {"text", "draft"}, {"reply_markup", kKeyboard}}));
  const auto edited = result_of(agent().call(
      "editMessageText",
      {{"chat_id", kGroupId}, {"message_id", id}, {"text", "final"}, {"reply_markup", kKeyboard}}));
  EXPECT_EQ(edited["message_id"], id);
  EXPECT_EQ(edited["text"], "final");
  EXPECT_EQ(edited["reply_markup"], kKeyboard);
  ASSERT_TRUE(edited.contains("edit_date"));
  EXPECT_GE(edited["edit_date"].get<std::int64_t>(), edited["date"].get<std::int64_t>());
  // The person sees the edit; no bot is told of it.
  EXPECT_EQ(server_.chat_history(kGroupId).back().text, "final");
  EXPECT_TRUE(server_.chat_history(kGroupId).back().edit_date.has_value());
  EXPECT_EQ(server_.counters(kAgentBot).pending_updates, 0);
  EXPECT_EQ(server_.counters(kOtherBot).pending_updates, 0);
}

TEST_F(FakeTelegramMessageEdits, AnEditWithoutReplyMarkupRemovesTheInlineKeyboard) {
  const auto id = sent_id(agent().call(
      "sendMessage", {{"chat_id", kGroupId}, {"text", "pick"}, {"reply_markup", kKeyboard}}));
  const auto edited = result_of(agent().call(
      "editMessageText", {{"chat_id", kGroupId}, {"message_id", id}, {"text", "pick"}}));
  EXPECT_FALSE(edited.contains("reply_markup"));
  EXPECT_TRUE(server_.chat_history(kGroupId).back().reply_markup.is_null());
}

TEST_F(FakeTelegramMessageEdits, TheSameContentAndMarkupIsNotModified) {
  const auto id = sent_id(agent().call(
      "sendMessage", {{"chat_id", kGroupId}, {"text", "same"}, {"reply_markup", kKeyboard}}));
  const auto* const kNotModified =
      "Bad Request: message is not modified: specified new message content and reply markup are "
      "exactly the same as a current content and reply markup of the message";
  expect_api_error(agent().call("editMessageText", {{"chat_id", kGroupId},
                                                    {"message_id", id},
                                                    {"text", "same"},
                                                    {"reply_markup", kKeyboard}}),
                   400, kNotModified);
  expect_api_error(
      agent().call("editMessageReplyMarkup",
                   {{"chat_id", kGroupId}, {"message_id", id}, {"reply_markup", kKeyboard}}),
      400, kNotModified);
}

TEST_F(FakeTelegramMessageEdits, EditMessageReplyMarkupSwapsOrRemovesTheKeyboard) {
  const auto id = sent_id(agent().call(
      "sendMessage", {{"chat_id", kGroupId}, {"text", "keep me"}, {"reply_markup", kKeyboard}}));
  const auto swapped = result_of(
      agent().call("editMessageReplyMarkup",
                   {{"chat_id", kGroupId}, {"message_id", id}, {"reply_markup", kOtherKeyboard}}));
  EXPECT_EQ(swapped["reply_markup"], kOtherKeyboard);
  EXPECT_EQ(swapped["text"], "keep me");
  const auto removed = result_of(
      agent().call("editMessageReplyMarkup", {{"chat_id", kGroupId}, {"message_id", id}}));
  EXPECT_FALSE(removed.contains("reply_markup"));
  expect_api_error(
      agent().call("editMessageReplyMarkup", {{"chat_id", kGroupId}, {"message_id", id}}), 400,
      "Bad Request: message is not modified: specified new message content and reply markup are "
      "exactly the same as a current content and reply markup of the message");
}

TEST_F(FakeTelegramMessageEdits, EditsNeedTheBotsOwnExistingTextMessage) {
  expect_api_error(
      agent().call("editMessageText", {{"chat_id", kGroupId}, {"message_id", 999}, {"text", "x"}}),
      400, "Bad Request: message to edit not found");
  expect_api_error(agent().call("editMessageText", {{"chat_id", kGroupId}, {"text", "x"}}), 400,
                   "Bad Request: message to edit not found");
  const auto users = server_.send_as_user(kUserId, kGroupId, std::nullopt, "mine");
  expect_api_error(
      agent().call("editMessageText",
                   {{"chat_id", kGroupId}, {"message_id", users.message_id}, {"text", "hijacked"}}),
      400, "Bad Request: message can't be edited");
  const auto others = sent_id(other().call("sendMessage", {{"chat_id", kGroupId}, {"text", "o"}}));
  expect_api_error(agent().call("editMessageText",
                                {{"chat_id", kGroupId}, {"message_id", others}, {"text", "x"}}),
                   400, "Bad Request: message can't be edited");
  const auto own = sent_id(agent().call("sendMessage", {{"chat_id", kGroupId}, {"text", "t"}}));
  expect_api_error(
      agent().call("editMessageText", {{"chat_id", kGroupId}, {"message_id", own}, {"text", ""}}),
      400, "Bad Request: message text is empty");
}

TEST_F(FakeTelegramMessageEdits, DeleteMessageRemovesAnyMessageOfTheChat) {
  const auto own = sent_id(agent().call("sendMessage", {{"chat_id", kGroupId}, {"text", "bye"}}));
  const auto users = server_.send_as_user(kUserId, kGroupId, std::nullopt, "spam");
  EXPECT_EQ(result_of(agent().call("deleteMessage", {{"chat_id", kGroupId}, {"message_id", own}})),
            true);
  EXPECT_EQ(result_of(agent().call("deleteMessage",
                                   {{"chat_id", kGroupId}, {"message_id", users.message_id}})),
            true);
  EXPECT_TRUE(server_.chat_history(kGroupId).empty());
  expect_api_error(agent().call("deleteMessage", {{"chat_id", kGroupId}, {"message_id", own}}), 400,
                   "Bad Request: message to delete not found");
  expect_api_error(agent().call("deleteMessage", {{"chat_id", kForumId}, {"message_id", 1}}), 400,
                   "Bad Request: message to delete not found");
}

}  // namespace
}  // namespace tas::fake
