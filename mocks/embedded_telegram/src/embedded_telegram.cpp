#include <fmt/format.h>

#include <tas/backends/backend_error.hpp>
#include <tas/fake/embedded_telegram.hpp>
#include <tas/fake/random_bot_token.hpp>

namespace tas::fake {

EmbeddedTelegram::EmbeddedTelegram() : EmbeddedTelegram(Layout{}) {}

EmbeddedTelegram::EmbeddedTelegram(Layout layout) : layout_(std::move(layout)) {
  server_.create_user(User{layout_.user_id, false, layout_.user_name, "operator"});
  ChatSpec chat;
  chat.chat = Chat{layout_.chat_id, "supergroup", layout_.chat_title, true};
  chat.topic_ids = {layout_.topic_id};
  server_.create_chat(chat);
  server_.start();
}

void EmbeddedTelegram::adopt_bot(const Secret& token) {
  std::lock_guard lock(mutex_);
  const std::string hash = token.sha256();
  if (adopted_hash_ == hash) return;
  if (!adopted_hash_.empty()) {
    throw BackendError("the embedded fake Telegram already has this run's bot; one run, one bot");
  }
  BotSpec bot;
  bot.token = std::string(token.reveal());
  bot.username = layout_.bot_username;
  bot.first_name = "Test-as-Self agent";
  try {
    server_.register_bot(bot);
  } catch (const FakeTelegramError& error) {
    throw BackendError(fmt::format("the embedded fake Telegram refused the bot: {}", error.what()));
  }
  server_.add_bot_to_chat(layout_.chat_id, layout_.bot_username);
  adopted_hash_ = hash;
}

Secret EmbeddedTelegram::mint_token() {
  Secret secret(random_bot_token(7000000001));
  adopt_bot(secret);
  return secret;
}

std::int64_t EmbeddedTelegram::conflicts() const {
  {
    std::lock_guard lock(mutex_);
    if (adopted_hash_.empty()) return 0;
  }
  return server_.counters(layout_.bot_username).conflicts;
}

}  // namespace tas::fake
