// Text that reaches a message other than through sendMessage — a bot's edit, a caption, a copy's
// caption, a person's edit — goes through the same checks: UTF-8, parse_mode, detected entities
// and Telegram's limits. Without them, an edit could store bytes that break every later read.

#include "support/fake_telegram_fixture.hpp"
#include <gtest/gtest.h>

namespace tas::fake {
namespace {

using FakeTelegramEditAndCaptionText = FakeTelegramTest;

std::string png_bytes() {
  std::string bytes("\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\0\x01\0\0\0\x01", 24);
  return bytes + std::string(15, '\0');
}

std::int64_t sent_id(const ApiResponse& response) {
  return result_of(response).value("message_id", std::int64_t{0});
}

TEST_F(FakeTelegramEditAndCaptionText, AnEditedTextIsParsedAsASentOneIs) {
  const auto id = sent_id(agent().call("sendMessage", {{"chat_id", kGroupId}, {"text", "draft"}}));
  const auto edited = result_of(agent().call("editMessageText", {{"chat_id", kGroupId},
                                                                 {"message_id", id},
                                                                 {"text", "<b>done</b> see /help"},
                                                                 {"parse_mode", "HTML"}}));
  EXPECT_EQ(edited["text"], "done see /help");
  ASSERT_EQ(edited["entities"].size(), 2U) << edited.dump();
  EXPECT_EQ(edited["entities"][0]["type"], "bold");
  EXPECT_EQ(edited["entities"][1]["type"], "bot_command");
  EXPECT_EQ(server_.chat_history(kGroupId).back().entities.size(), 2U);
}

TEST_F(FakeTelegramEditAndCaptionText, AnEditThatDoesNotParseChangesNothing) {
  const auto id = sent_id(agent().call("sendMessage", {{"chat_id", kGroupId}, {"text", "draft"}}));
  expect_api_error(agent().call("editMessageText", {{"chat_id", kGroupId},
                                                    {"message_id", id},
                                                    {"text", "Done. 1.5 MB!"},
                                                    {"parse_mode", "MarkdownV2"}}),
                   400,
                   "Bad Request: can't parse entities: Character '.' is reserved and must be "
                   "escaped with the preceding '\\'");
  // Form encoding carries raw bytes; JSON could not.
  expect_api_error(agent().call("editMessageText",
                                {{"chat_id", kGroupId}, {"message_id", id}, {"text", "bad \xC3 x"}},
                                Encoding::kForm),
                   400, "Bad Request: strings must be encoded in UTF-8");
  expect_api_error(
      agent().call("editMessageText",
                   {{"chat_id", kGroupId}, {"message_id", id}, {"text", std::string(4097, 'x')}}),
      400, "Bad Request: message is too long");
  EXPECT_EQ(server_.chat_history(kGroupId).back().text, "draft");
  EXPECT_FALSE(server_.chat_history(kGroupId).back().edit_date.has_value());
}

TEST_F(FakeTelegramEditAndCaptionText, ACaptionIsParsedIntoCaptionEntities) {
  const auto message = result_of(agent().upload(
      "sendPhoto",
      {{"chat_id", kGroupId}, {"caption", "<b>chart</b> for @agent_bot"}, {"parse_mode", "HTML"}},
      {{"photo", "chart.png", "image/png", png_bytes()}}));
  EXPECT_EQ(message["caption"], "chart for @agent_bot");
  ASSERT_EQ(message["caption_entities"].size(), 2U) << message.dump();
  EXPECT_EQ(message["caption_entities"][0]["type"], "bold");
  EXPECT_EQ(message["caption_entities"][1]["type"], "mention");
}

TEST_F(FakeTelegramEditAndCaptionText, ACaptionOver1024UnitsIsRefusedAndNothingIsPosted) {
  const auto before = server_.chat_history(kGroupId).size();
  expect_api_error(
      agent().upload("sendPhoto", {{"chat_id", kGroupId}, {"caption", std::string(1025, 'x')}},
                     {{"photo", "chart.png", "image/png", png_bytes()}}),
      400, "Bad Request: message caption is too long");
  EXPECT_EQ(server_.chat_history(kGroupId).size(), before);
}

TEST_F(FakeTelegramEditAndCaptionText, ACopysNewCaptionIsParsedToo) {
  const auto photo = sent_id(agent().upload("sendPhoto", {{"chat_id", kGroupId}, {"caption", "a"}},
                                            {{"photo", "chart.png", "image/png", png_bytes()}}));
  ASSERT_EQ(result_of(agent().call("copyMessage", {{"chat_id", kGroupId},
                                                   {"from_chat_id", kGroupId},
                                                   {"message_id", photo},
                                                   {"caption", "<i>b</i>"},
                                                   {"parse_mode", "HTML"}}))
                .contains("message_id"),
            true);
  const Message copy = server_.chat_history(kGroupId).back();
  EXPECT_EQ(copy.extra_fields["caption"], "b");
  ASSERT_EQ(copy.extra_fields["caption_entities"].size(), 1U);
  EXPECT_EQ(copy.extra_fields["caption_entities"][0]["type"], "italic");
}

TEST_F(FakeTelegramEditAndCaptionText, APersonsEditCarriesTheDetectedEntities) {
  const Message sent = server_.send_as_user(kUserId, kGroupId, std::nullopt, "hello");
  const Message edited = server_.edit_as_user(kUserId, kGroupId, sent.message_id, "/start now");
  ASSERT_EQ(edited.entities.size(), 1U);
  EXPECT_EQ(edited.entities[0].type, "bot_command");
  EXPECT_THROW((void)server_.edit_as_user(kUserId, kGroupId, sent.message_id, "bad \xC3 x"),
               FakeTelegramError);
  EXPECT_EQ(server_.chat_history(kGroupId).back().text, "/start now");
}

}  // namespace
}  // namespace tas::fake
