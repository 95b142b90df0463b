// reply_markup: validated, stored, returned when Telegram returns it; inline buttons pressed by the
// person become callback_query updates that answerCallbackQuery closes.

#include "support/fake_telegram_fixture.hpp"
#include <gtest/gtest.h>

namespace tas::fake {
namespace {

using FakeTelegramKeyboards = FakeTelegramTest;

// Written as JSON text: nested braces in C++ would make objects of two-element rows.
const nlohmann::json kInlineKeyboard = nlohmann::json::parse(R"({"inline_keyboard": [
    [{"text": "Yes", "callback_data": "yes"}, {"text": "No", "callback_data": "no"}],
    [{"text": "Docs", "url": "https://example.org"}]]})");

std::int64_t send_with_keyboard(const BotApiClient& bot, std::int64_t chat_id) {
  const auto message = result_of(
      bot.call("sendMessage",
               {{"chat_id", chat_id}, {"text", "Proceed?"}, {"reply_markup", kInlineKeyboard}}));
  return message.value("message_id", std::int64_t{0});
}

TEST_F(FakeTelegramKeyboards, AnInlineKeyboardIsPartOfTheReturnedMessage) {
  const auto message = result_of(agent().call(
      "sendMessage",
      {{"chat_id", kGroupId}, {"text", "Proceed?"}, {"reply_markup", kInlineKeyboard}}));
  EXPECT_EQ(message["reply_markup"], kInlineKeyboard);
  // Also when it travels as a JSON string in a form.
  const auto form = result_of(agent().call(
      "sendMessage",
      {{"chat_id", kGroupId}, {"text", "again"}, {"reply_markup", kInlineKeyboard.dump()}},
      Encoding::kForm));
  EXPECT_EQ(form["reply_markup"], kInlineKeyboard);
}

TEST_F(FakeTelegramKeyboards, AReplyKeyboardIsKeptButNotReturned) {
  const auto keyboard = nlohmann::json::parse(
      R"({"keyboard": [["Left", {"text": "Right"}]], "resize_keyboard": true})");
  const auto message = result_of(agent().call(
      "sendMessage", {{"chat_id", kGroupId}, {"text", "pick"}, {"reply_markup", keyboard}}));
  EXPECT_FALSE(message.contains("reply_markup"));
  const auto kept = server_.chat_history(kGroupId).back().reply_markup;
  EXPECT_EQ(kept["keyboard"][0][0]["text"], "Left");
  EXPECT_EQ(kept["keyboard"][0][1]["text"], "Right");
  EXPECT_EQ(kept["resize_keyboard"], true);
  for (const nlohmann::json& markup :
       {nlohmann::json{{"remove_keyboard", true}}, nlohmann::json{{"force_reply", true}}}) {
    const auto sent = result_of(agent().call(
        "sendMessage", {{"chat_id", kGroupId}, {"text", "x"}, {"reply_markup", markup}}));
    EXPECT_FALSE(sent.contains("reply_markup"));
    EXPECT_EQ(server_.chat_history(kGroupId).back().reply_markup, markup);
  }
}

TEST_F(FakeTelegramKeyboards, MalformedMarkupIsRefusedWithTelegramsDescriptions) {
  const auto send = [&](const nlohmann::json& markup) {
    return agent().call("sendMessage",
                        {{"chat_id", kGroupId}, {"text", "x"}, {"reply_markup", markup}});
  };
  expect_api_error(send(nlohmann::json::array()), 400,
                   "Bad Request: Object expected as reply markup");
  expect_api_error(send("{not json"), 400,
                   "Bad Request: Can't parse reply keyboard markup JSON object");
  expect_api_error(send(nlohmann::json::parse(R"({"inline_keyboard": [[{"text": "just text"}]]})")),
                   400, "Bad Request: Text buttons are unallowed in the inline keyboard");
  expect_api_error(
      send(nlohmann::json::parse(R"({"inline_keyboard": [[{"callback_data": "x"}]]})")), 400,
      "Bad Request: Can't parse inline keyboard button: Can't find field \"text\"");
  expect_api_error(send(nlohmann::json::parse(R"({"inline_keyboard": ["not a row"]})")), 400,
                   "Bad Request: Field \"inline_keyboard\" of the InlineKeyboardMarkup must be an "
                   "Array of Arrays");
  auto too_much_data = nlohmann::json::parse(R"({"inline_keyboard": [[{"text": "big"}]]})");
  too_much_data["inline_keyboard"][0][0]["callback_data"] = std::string(65, 'x');  // 64 at most
  expect_api_error(send(too_much_data), 400, "Bad Request: BUTTON_DATA_INVALID");
  expect_api_error(send(nlohmann::json::parse(R"({"keyboard": ["not a row"]})")), 400,
                   "Bad Request: Field \"keyboard\" must be an Array of Arrays");
}

TEST_F(FakeTelegramKeyboards, PressingAButtonIsACallbackQueryForTheSendingBot) {
  const auto message_id = send_with_keyboard(agent(), kGroupId);
  const auto query_id = server_.press_button(kUserId, kGroupId, message_id, "no");
  EXPECT_FALSE(query_id.empty());

  const auto updates = take_updates(agent());
  ASSERT_EQ(updates.size(), 1U);
  const auto& query = updates[0]["callback_query"];
  EXPECT_EQ(query["id"], query_id);
  EXPECT_EQ(query["from"]["id"], kUserId);
  EXPECT_EQ(query["from"]["is_bot"], false);
  EXPECT_EQ(query["message"]["message_id"], message_id);
  EXPECT_EQ(query["message"]["reply_markup"], kInlineKeyboard);
  EXPECT_EQ(query["data"], "no");
  ASSERT_TRUE(query["chat_instance"].is_string());
  EXPECT_FALSE(query["chat_instance"].get<std::string>().empty());
  // Only the bot whose message it is hears of it.
  EXPECT_EQ(server_.counters(kOtherBot).pending_updates, 0);
}

TEST_F(FakeTelegramKeyboards, AnswerCallbackQueryClosesItAndThePersonSeesTheAnswer) {
  const auto message_id = send_with_keyboard(agent(), kGroupId);
  const auto query_id = server_.press_button(kUserId, kGroupId, message_id, "yes");
  auto answer =
      std::async(std::launch::async, [&] { return server_.callback_answer(query_id, kPatience); });
  EXPECT_EQ(result_of(agent().call(
                "answerCallbackQuery",
                {{"callback_query_id", query_id}, {"text", "Done"}, {"show_alert", true}})),
            true);
  ASSERT_TRUE(resolves_within(answer, kPatience));
  const auto seen = answer.get();
  ASSERT_TRUE(seen.has_value());
  EXPECT_EQ(seen->text, "Done");
  EXPECT_TRUE(seen->show_alert);
  // Answered once: a second answer is as invalid as an unknown id.
  const auto* const kInvalid =
      "Bad Request: query is too old and response timeout expired or query ID is invalid";
  expect_api_error(agent().call("answerCallbackQuery", {{"callback_query_id", query_id}}), 400,
                   kInvalid);
  expect_api_error(agent().call("answerCallbackQuery", {{"callback_query_id", "123"}}), 400,
                   kInvalid);
}

TEST_F(FakeTelegramKeyboards, BooleansAreReadAsTelegramReadsThem) {
  // Telegram takes "true", "yes" and "1" in any case as true and anything else as false, never as
  // an error; python-telegram-bot 13 sends show_alert as "True".
  const auto message_id = send_with_keyboard(agent(), kGroupId);
  for (const auto& [spelling, expected] : std::vector<std::pair<std::string, bool>>{
           {"True", true}, {" yes ", true}, {"1", true}, {"False", false}, {"maybe", false}}) {
    const auto query_id = server_.press_button(kUserId, kGroupId, message_id, "yes");
    ASSERT_EQ(
        agent()
            .call("answerCallbackQuery",
                  {{"callback_query_id", query_id}, {"show_alert", spelling}}, Encoding::kJson)
            .status,
        200)
        << spelling;
    const auto seen = server_.callback_answer(query_id, kPatience);
    ASSERT_TRUE(seen.has_value());
    EXPECT_EQ(seen->show_alert, expected) << spelling;
  }
}

TEST_F(FakeTelegramKeyboards, OnlyTheBotThatGotTheQueryMayAnswerIt) {
  const auto message_id = send_with_keyboard(agent(), kGroupId);
  const auto query_id = server_.press_button(kUserId, kGroupId, message_id, "yes");
  expect_api_error(other().call("answerCallbackQuery", {{"callback_query_id", query_id}}), 400,
                   "Bad Request: query is too old and response timeout expired or query ID is "
                   "invalid");
  EXPECT_FALSE(server_.callback_answer(query_id, 0ms).has_value());
}

TEST_F(FakeTelegramKeyboards, PressingAButtonThatIsNotThereIsAMistake) {
  const auto message_id = send_with_keyboard(agent(), kGroupId);
  EXPECT_THROW(server_.press_button(kUserId, kGroupId, message_id, "maybe"), FakeTelegramError);
  EXPECT_THROW(server_.press_button(kUserId, kGroupId, message_id + 1, "yes"), FakeTelegramError);
  EXPECT_THROW(server_.callback_answer("nope", 0ms), FakeTelegramError);
}

TEST_F(FakeTelegramKeyboards, ButtonPressAndAnswerOverTheControlApi) {
  const auto message_id = send_with_keyboard(agent(), kGroupId);
  const auto pressed = result_of(http().call("/_control/press_button",
                                             {{"user_id", kUserId},
                                              {"chat_id", kGroupId},
                                              {"message_id", message_id},
                                              {"callback_data", "yes"}},
                                             Encoding::kJson));
  const auto query_id = pressed.value("callback_query_id", std::string());
  ASSERT_FALSE(query_id.empty());
  const auto before = result_of(
      http().call("/_control/callback_answer", {{"callback_query_id", query_id}}, Encoding::kJson));
  EXPECT_EQ(before["answered"], false);
  ASSERT_EQ(agent()
                .call("answerCallbackQuery",
                      {{"callback_query_id", query_id}, {"url", "https://t.me/agent_bot?start=x"}})
                .status,
            200);
  const auto after = result_of(http().call("/_control/callback_answer",
                                           {{"callback_query_id", query_id}, {"timeout_ms", 10000}},
                                           Encoding::kJson));
  EXPECT_EQ(after["answered"], true);
  EXPECT_EQ(after["url"], "https://t.me/agent_bot?start=x");
  EXPECT_EQ(after["show_alert"], false);
}

TEST_F(FakeTelegramKeyboards, AllowedUpdatesFiltersCallbackQueries) {
  ASSERT_EQ(agent().get_updates({{"allowed_updates", {"message"}}}).status, 200);
  const auto message_id = send_with_keyboard(agent(), kGroupId);
  server_.press_button(kUserId, kGroupId, message_id, "yes");
  EXPECT_EQ(server_.counters(kAgentBot).pending_updates, 0);

  ASSERT_EQ(agent().get_updates({{"allowed_updates", {"callback_query"}}}).status, 200);
  server_.send_as_user(kUserId, kGroupId, std::nullopt, "ignored");
  server_.press_button(kUserId, kGroupId, message_id, "no");
  const auto updates = take_updates(agent());
  ASSERT_EQ(updates.size(), 1U);
  EXPECT_EQ(updates[0]["callback_query"]["data"], "no");
}

TEST_F(FakeTelegramKeyboards, APressWakesAParkedPoll) {
  const auto message_id = send_with_keyboard(agent(), kGroupId);
  auto poll = poll_async(kAgentToken, /*timeout_s=*/30);
  ASSERT_TRUE(server_.wait_for_parked(kAgentBot, 1, kPatience));
  server_.press_button(kUserId, kGroupId, message_id, "yes");
  ASSERT_TRUE(resolves_within(poll, kPatience));
  const auto updates = result_of(poll.get());
  ASSERT_EQ(updates.size(), 1U);
  EXPECT_TRUE(updates[0].contains("callback_query"));
}

}  // namespace
}  // namespace tas::fake
