#include <algorithm>

#include <tas/fake/embedded_telegram.hpp>

namespace tas::fake {
namespace {

ChatMessage from_fake(const Message& message) {
  ChatMessage out;
  out.message_id = message.message_id;
  out.from_id = message.from.id;
  out.from_bot = message.from.is_bot;
  out.where = ChatAddress{message.chat.id, message.topic_id};
  out.text = message.text;
  out.date = message.date;
  return out;
}

class FakeUserDriver final : public UserDriver {
 public:
  explicit FakeUserDriver(std::shared_ptr<EmbeddedTelegram> telegram)
      : telegram_(std::move(telegram)) {}

  ChatAddress designated_chat() override {
    return ChatAddress{telegram_->layout().chat_id, telegram_->layout().topic_id};
  }

  ChatMessage send_as_user(const ChatAddress& where, std::string_view text) override {
    return from_fake(telegram_->server().send_as_user(telegram_->layout().user_id, where.chat_id,
                                                      where.topic_id, text));
  }

  std::vector<ChatMessage> bot_messages_after(std::int64_t chat_id, std::int64_t after_message_id,
                                              const Deadline& deadline) override {
    std::vector<ChatMessage> out;
    for (const Message& message :
         telegram_->server().bot_messages_after(chat_id, after_message_id, deadline.remaining())) {
      out.push_back(from_fake(message));
    }
    return out;
  }

  std::optional<std::int64_t> conflicts_seen() override { return telegram_->conflicts(); }

 private:
  std::shared_ptr<EmbeddedTelegram> telegram_;
};

}  // namespace

std::shared_ptr<UserDriver> make_user_driver(std::shared_ptr<EmbeddedTelegram> telegram) {
  return std::make_shared<FakeUserDriver>(std::move(telegram));
}

}  // namespace tas::fake
