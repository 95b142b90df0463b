#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include <tas/backends/secret_source.hpp>
#include <tas/backends/user_driver.hpp>
#include <tas/fake/fake_telegram_server.hpp>

namespace tas::fake {

// The fake Telegram inside the harness's own process, set up for one run (the integration tier,
// and the CLI's default "embedded" Bot API): a forum chat with one topic, a person who talks in
// it, and the run's bot as soon as its token is known. The fake is started on 127.0.0.1:0 when
// this is constructed.
class EmbeddedTelegram {
 public:
  struct Layout {
    std::int64_t user_id = 5550001;
    std::string user_name = "Test-as-Self operator";
    std::int64_t chat_id = -1009990001;
    std::string chat_title = "test-as-self";
    std::int64_t topic_id = 77;
    std::string bot_username = "test_as_self_agent_bot";
  };

  EmbeddedTelegram();
  explicit EmbeddedTelegram(Layout layout);
  EmbeddedTelegram(const EmbeddedTelegram&) = delete;
  EmbeddedTelegram& operator=(const EmbeddedTelegram&) = delete;

  [[nodiscard]] std::string base_url() const { return server_.base_url(); }
  [[nodiscard]] const Layout& layout() const { return layout_; }
  [[nodiscard]] FakeTelegramServer& server() { return server_; }

  // Makes `token` the run's bot and a member of the chat. Idempotent for the same token; a second
  // different token is refused (one run, one bot).
  void adopt_bot(const Secret& token);
  // A fresh random token of Telegram's shape, adopted: for runs with no operator to hand one over.
  [[nodiscard]] Secret mint_token();
  // 409s the fake has answered for the run's bot so far (0 before a bot is adopted).
  [[nodiscard]] std::int64_t conflicts() const;

 private:
  Layout layout_;
  FakeTelegramServer server_;
  mutable std::mutex mutex_;
  std::string adopted_hash_;
};

// Acts as the chat's person through the fake's user side (bots never receive bots' messages).
[[nodiscard]] std::shared_ptr<UserDriver> make_user_driver(
    std::shared_ptr<EmbeddedTelegram> telegram);

// Wraps a secret source so that whatever token a run obtains becomes the fake's bot.
[[nodiscard]] std::shared_ptr<SecretSource> adopting(std::shared_ptr<SecretSource> inner,
                                                     std::shared_ptr<EmbeddedTelegram> telegram);

}  // namespace tas::fake
