#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "formatted_text.hpp"
#include <nlohmann/json.hpp>

#include <tas/fake/bot_counters.hpp>
#include <tas/fake/setup_specs.hpp>
#include <tas/fake/telegram_objects.hpp>

namespace tas::fake::detail {

using Clock = std::chrono::steady_clock;

struct GetUpdatesArgs {
  std::int64_t offset = 0;
  int limit = 100;    // already clamped to 1..100
  int timeout_s = 0;  // already clamped to 0..50
  std::optional<std::vector<std::string>> allowed_updates{};
  // Whether the connection this call came on has been closed by its client (a poller that died
  // while parked). Empty: the call's connection is never looked at.
  std::function<bool()> caller_gone{};
};

struct SendMessageArgs {
  std::optional<std::int64_t> chat_id{};
  std::string text{};
  std::string parse_mode{};                  // "" when none was given
  std::optional<nlohmann::json> entities{};  // used only without a parse_mode
  std::optional<std::int64_t> topic_id{};
  std::optional<std::int64_t> reply_to_message_id{};
  bool allow_sending_without_reply = false;
};

// Everything the fake knows — bots, users, chats, messages, pending updates, parked polls — and the
// Telegram rules over it, without any HTTP. One mutex guards it all and one condition variable
// announces every change: the fake serves a handful of clients, so simplicity beats lock
// granularity, and a waiter that wakes for someone else's change just re-checks its predicate.
//
// Bot-side calls take the token and throw ApiError (the HTTP layer turns it into the envelope);
// control calls throw FakeTelegramError. Nothing here does I/O, so no lock is ever held across a
// socket write.
class World {
 public:
  World() = default;

  // --- control side (world_setup.cpp, world_user_side.cpp) ---
  std::int64_t register_bot(const BotSpec& spec);
  void create_user(const User& user);
  void create_chat(const ChatSpec& spec);
  void add_bot_to_chat(std::int64_t chat_id, std::string_view bot_username);
  Message send_as_user(std::int64_t user_id, std::int64_t chat_id,
                       std::optional<std::int64_t> topic_id, std::string_view text);
  std::vector<Message> bot_messages_after(std::int64_t chat_id, std::int64_t after_message_id,
                                          Clock::time_point deadline);
  std::vector<Message> chat_history(std::int64_t chat_id) const;
  BotCounters counters(std::string_view bot_username) const;
  std::map<std::string, BotCounters> all_counters() const;
  bool wait_for_parked(std::string_view bot_username, std::int64_t count,
                       Clock::time_point deadline);
  void inject_flood_wait(std::string_view bot_username, int retry_after_s, int calls);
  // Forgets everything; parked polls get an empty result, blocked control calls return.
  void reset();
  // The server is going away: like reset for everyone waiting, and nothing parks from now on.
  void shutdown();

  // --- bot side (world_bot_side.cpp, world_polling.cpp) ---
  void require_bot(std::string_view token) const;  // 401 unless registered
  nlohmann::json get_me(std::string_view token);
  // Blocks while the long-poll is parked.
  nlohmann::json get_updates(std::string_view token, const GetUpdatesArgs& args);
  nlohmann::json send_message(std::string_view token, const SendMessageArgs& args);
  // Each returns Telegram's success description ("Webhook was set").
  std::string set_webhook(std::string_view token, const std::string& url);
  std::string delete_webhook(std::string_view token, bool drop_pending_updates);
  nlohmann::json get_webhook_info(std::string_view token);

 private:
  // How a parked long-poll was ended by someone other than itself.
  enum class PollEnd { kStillParked, kOtherPoll, kSetWebhook, kWorldEnded, kCallerGone };
  struct ParkedPoll {
    PollEnd end = PollEnd::kStillParked;
    std::function<bool()> caller_gone{};  // GetUpdatesArgs::caller_gone
  };
  struct PendingUpdate {
    std::int64_t update_id = 0;
    nlohmann::json wire{};  // {"update_id": ..., "message": ...}
  };
  struct BotState {
    std::string token{};  // a secret: compared, never printed
    User identity{};
    std::deque<PendingUpdate> pending{};
    std::int64_t next_update_id = 1;
    std::string webhook_url{};
    std::vector<std::string> allowed_updates{};  // empty: every kind
    std::shared_ptr<ParkedPoll> parked{};        // Telegram allows one
    BotCounters counters{};
    int flood_calls_left = 0;
    int flood_retry_after_s = 0;
  };
  struct ChatState {
    Chat chat{};
    std::set<std::int64_t> topics{};
    std::set<std::int64_t> bot_members{};  // bot ids
    std::int64_t next_message_id = 1;
    std::map<std::int64_t, Message> messages{};
  };

  // Helpers expect mutex_ to be held.
  std::shared_ptr<BotState> bot_by_token(std::string_view token) const;  // 401
  const std::shared_ptr<BotState>& bot_by_username(std::string_view username,
                                                   std::string_view caller) const;
  ChatState& chat_by_id(std::int64_t chat_id, std::string_view caller);
  const ChatState& chat_by_id(std::int64_t chat_id, std::string_view caller) const;
  // Counts and applies an injected flood wait (429).
  static void admit_call(BotState& bot);
  Message post(ChatState& chat, const User& from, FormattedText text,
               std::optional<std::int64_t> topic_id, const Message* reply_to);
  void deliver_to_members(const ChatState& chat, const Message& message);
  static void confirm(BotState& bot, std::int64_t offset);
  static nlohmann::json batch(const BotState& bot, int limit);
  static void park(BotState& bot, std::shared_ptr<ParkedPoll> poll);
  static void unpark(BotState& bot);
  // Ends the bot's parked poll, if any, as `how`; counts a 409 when that is one.
  static void end_parked_poll(BotState& bot, PollEnd how);
  void end_every_parked_poll();
  BotCounters snapshot(const BotState& bot) const;

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::shared_ptr<BotState>> bots_;
  std::map<std::int64_t, User> users_;
  std::map<std::int64_t, ChatState> chats_;
  bool stopping_ = false;
  // Bumped by reset(): a waiter that sees it change knows the world it waited on is gone.
  std::uint64_t generation_ = 0;
};

}  // namespace tas::fake::detail
