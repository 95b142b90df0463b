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
#include <variant>
#include <vector>

#include "api_error.hpp"
#include "formatted_text.hpp"
#include "message_text.hpp"
#include "request_params.hpp"
#include <nlohmann/json.hpp>

#include <tas/fake/bot_counters.hpp>
#include <tas/fake/callback_answer.hpp>
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

// How a parked getUpdates call ends: its updates, or the 409 that ended it.
struct PollOutcome {
  nlohmann::json updates = nlohmann::json::array();
  std::optional<ApiError> error{};
};
// Hands a parked call's outcome on. Called with the world's lock held: it must not call back into
// the world or wait.
using AnswerPoll = std::function<void(PollOutcome)>;
// A parked getUpdates call, for expire_poll.
struct ParkedPollTicket {
  std::string token;
  std::uint64_t id = 0;
};

struct SendMessageArgs {
  std::optional<std::int64_t> chat_id{};
  std::string text{};
  std::string parse_mode{};                  // "" when none was given
  std::optional<nlohmann::json> entities{};  // used only without a parse_mode
  std::optional<std::int64_t> topic_id{};
  std::optional<std::int64_t> reply_to_message_id{};
  bool allow_sending_without_reply = false;
  nlohmann::json reply_markup{};  // validated; null: none
};

// Where a bot's new message goes and what it answers: the parameters every send method shares.
struct Placement {
  std::optional<std::int64_t> chat_id{};
  std::optional<std::int64_t> topic_id{};
  std::optional<std::int64_t> reply_to_message_id{};
  bool allow_sending_without_reply = false;
  nlohmann::json reply_markup{};  // validated; null: none
};

struct SendFileArgs {
  Placement placement{};
  std::string kind{};                    // "photo" or "document"
  std::optional<UploadedFile> upload{};  // else by file_id
  std::string file_id{};
  MarkedUpText caption{};
};

struct ForumTopicArgs {
  std::optional<std::int64_t> chat_id{};
  std::optional<std::int64_t> topic_id{};  // for the methods on an existing topic
  std::optional<std::string> name{};
  std::optional<std::int64_t> icon_color{};
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
                       std::optional<std::int64_t> topic_id, std::string_view text,
                       std::optional<std::int64_t> reply_to_message_id = std::nullopt);
  // (message_edits.cpp) The person's own messages only; an edit is an edited_message update.
  Message edit_as_user(std::int64_t user_id, std::int64_t chat_id, std::int64_t message_id,
                       std::string_view text);
  void delete_as_user(std::int64_t user_id, std::int64_t chat_id, std::int64_t message_id);
  // (callback_queries.cpp) Returns the callback query's id.
  std::string press_button(std::int64_t user_id, std::int64_t chat_id, std::int64_t message_id,
                           std::string_view callback_data);
  std::optional<CallbackAnswer> callback_answer(std::string_view query_id,
                                                Clock::time_point deadline);
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
  // Answers at once — returns the updates (or throws the ApiError) — or parks the call: then it
  // returns the poll's ticket, and `answer_later` gets the outcome exactly once, when updates
  // come, when the poll is ended (a newer poll or setWebhook: 409; reset or shutdown: no
  // updates), or when expire_poll is called for it. Nothing blocks: a parked poll holds no
  // thread.
  std::variant<nlohmann::json, ParkedPollTicket> get_updates(std::string_view token,
                                                             const GetUpdatesArgs& args,
                                                             AnswerPoll answer_later);
  // The parked poll's timeout has passed: it is answered with what there is (nothing). A poll
  // already answered is left alone.
  void expire_poll(const ParkedPollTicket& ticket);
  nlohmann::json send_message(std::string_view token, const SendMessageArgs& args);
  // Each returns Telegram's success description ("Webhook was set").
  std::string set_webhook(std::string_view token, const std::string& url);
  std::string delete_webhook(std::string_view token, bool drop_pending_updates);
  nlohmann::json get_webhook_info(std::string_view token);

  // bot_commands.cpp: `scope` is a validated BotCommandScope object (null: default).
  void set_my_commands(std::string_view token, const nlohmann::json& commands,
                       const nlohmann::json& scope, const std::string& language_code);
  nlohmann::json get_my_commands(std::string_view token, const nlohmann::json& scope,
                                 const std::string& language_code);
  void delete_my_commands(std::string_view token, const nlohmann::json& scope,
                          const std::string& language_code);
  // chat_info.cpp
  void send_chat_action(std::string_view token, std::optional<std::int64_t> chat_id,
                        std::optional<std::int64_t> topic_id);
  nlohmann::json get_chat(std::string_view token, std::optional<std::int64_t> chat_id);
  nlohmann::json get_chat_member(std::string_view token, std::optional<std::int64_t> chat_id,
                                 std::int64_t user_id);
  nlohmann::json get_chat_administrators(std::string_view token,
                                         std::optional<std::int64_t> chat_id);
  void leave_chat(std::string_view token, std::optional<std::int64_t> chat_id);
  void log_out(std::string_view token);  // logOut and close
  // pins_and_reactions.cpp
  void pin_message(std::string_view token, std::optional<std::int64_t> chat_id,
                   std::int64_t message_id);
  // Without a message_id: the most recently pinned one.
  void unpin_message(std::string_view token, std::optional<std::int64_t> chat_id,
                     std::optional<std::int64_t> message_id);
  void set_message_reaction(std::string_view token, std::optional<std::int64_t> chat_id,
                            std::int64_t message_id, const nlohmann::json& reaction);
  // message_edits.cpp: `text` unset for editMessageReplyMarkup.
  nlohmann::json edit_message(std::string_view token, std::optional<std::int64_t> chat_id,
                              std::int64_t message_id, const std::optional<MarkedUpText>& text,
                              const nlohmann::json& reply_markup);
  void delete_message(std::string_view token, std::optional<std::int64_t> chat_id,
                      std::int64_t message_id);
  // forwarding.cpp
  nlohmann::json forward_message(std::string_view token, const Placement& placement,
                                 std::optional<std::int64_t> from_chat_id, std::int64_t message_id);
  nlohmann::json copy_message(std::string_view token, const Placement& placement,
                              std::optional<std::int64_t> from_chat_id, std::int64_t message_id,
                              const std::optional<MarkedUpText>& caption);
  // callback_queries.cpp
  void answer_callback_query(std::string_view token, const std::string& query_id,
                             const CallbackAnswer& answer);
  // files.cpp
  nlohmann::json send_file(std::string_view token, const SendFileArgs& args);
  nlohmann::json get_file(std::string_view token, const std::string& file_id);
  // The bytes behind a getFile file_path; nullopt when the token or the path is unknown.
  std::optional<UploadedFile> download(std::string_view token, const std::string& file_path) const;
  // forum_topics.cpp
  nlohmann::json create_forum_topic(std::string_view token, const ForumTopicArgs& args);
  void edit_forum_topic(std::string_view token, const ForumTopicArgs& args);
  void close_forum_topic(std::string_view token, const ForumTopicArgs& args, bool closed);
  void delete_forum_topic(std::string_view token, const ForumTopicArgs& args);

 private:
  // How a parked long-poll ends.
  enum class PollEnd { kUpdatesCame, kTimedOut, kOtherPoll, kSetWebhook, kWorldEnded, kCallerGone };
  struct ParkedPoll {
    std::uint64_t id = 0;
    int limit = 100;
    std::function<bool()> caller_gone{};  // GetUpdatesArgs::caller_gone
    AnswerPoll answer{};
  };
  struct PendingUpdate {
    std::int64_t update_id = 0;
    nlohmann::json wire{};  // {"update_id": ..., "<kind>": ...}
  };
  struct ForumTopic {
    Message created{};   // the forum_topic_created service message; its id is the topic's
    std::string name{};  // now: editForumTopic changes it, not the creation message
    bool closed = false;
  };
  struct CallbackQuery {
    std::int64_t bot_id = 0;  // the bot whose message had the button
    std::optional<CallbackAnswer> answer{};
  };
  struct StoredFile {
    std::string file_id{};
    std::string file_unique_id{};
    std::string file_path{};  // as getFile reports it and the download URL takes it
    std::string kind{};       // "photo" or "document"
    UploadedFile upload{};
    nlohmann::json wire{};  // the PhotoSize array or Document object a message carries
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
    // setMyCommands: by "<scope as JSON>|<language_code>".
    std::map<std::string, nlohmann::json, std::less<>> commands{};
  };
  struct ChatState {
    Chat chat{};
    std::map<std::int64_t, ForumTopic> topics{};  // by message_thread_id
    std::set<std::int64_t> bot_members{};         // bot ids
    std::int64_t next_message_id = 1;
    std::map<std::int64_t, Message> messages{};
    std::vector<std::int64_t> pinned{};  // oldest first
    // setMessageReaction: message id -> bot id -> ReactionType array.
    std::map<std::int64_t, std::map<std::int64_t, nlohmann::json>> bot_reactions{};
  };

  // Helpers expect mutex_ to be held.
  std::shared_ptr<BotState> bot_by_token(std::string_view token) const;  // 401
  const std::shared_ptr<BotState>& bot_by_username(std::string_view username,
                                                   std::string_view caller) const;
  ChatState& chat_by_id(std::int64_t chat_id, std::string_view caller);
  const ChatState& chat_by_id(std::int64_t chat_id, std::string_view caller) const;
  // Counts and applies an injected flood wait (429).
  static void admit_call(BotState& bot);
  // Stores a new message: numbers and dates it, and in a forum topic makes it answer the topic's
  // creation message unless it answers another.
  Message post(ChatState& chat, Message draft, const Message* reply_to);
  Message post(ChatState& chat, const User& from, FormattedText text,
               std::optional<std::int64_t> topic_id, const Message* reply_to);
  // Queues `message` as a `kind` update ("message", "edited_message") for every member bot.
  void deliver_to_members(const ChatState& chat, const Message& message,
                          std::string_view kind = "message");
  // Queues an update unless the bot's allowed_updates leave `kind` out.
  static void enqueue_update(BotState& bot, std::string_view kind, nlohmann::json payload);
  // The chat a bot acts in, checked as Telegram does: 400 chat_id is empty / chat not found, 403
  // when the bot is not a member.
  ChatState& chat_for_bot(const BotState& bot, std::optional<std::int64_t> chat_id);
  // A message of the chat, or a topic's creation message; nullptr when there is none.
  static const Message* find_message(const ChatState& chat, std::int64_t message_id);
  // forwardMessage's and copyMessage's common part: the bot's message `message_id` in
  // `from_chat_id` (400 `not_found` when there is none), its content placed as `placement` says,
  // changed by `adapt(original, draft)`, posted. Returns the new message.
  Message repost(std::string_view token, const Placement& placement,
                 std::optional<std::int64_t> from_chat_id, std::int64_t message_id,
                 std::string_view not_found,
                 const std::function<void(const Message&, Message&)>& adapt);
  // Resolves the topic and reply of a bot's new message (400 on a missing reply or topic).
  static std::pair<std::optional<std::int64_t>, const Message*> resolve_placement(
      const ChatState& chat, const Placement& placement);
  // forum_topics.cpp: 400 unless the chat is a forum with that topic.
  ForumTopic& topic_for_bot(const BotState& bot, const ForumTopicArgs& args);
  // Removes a message with its pin and reactions.
  static void forget_message(ChatState& chat, std::int64_t message_id);
  // Fills a topic's creation message; `from` created it.
  void open_topic(ChatState& chat, std::int64_t topic_id, const User& from, std::string name,
                  std::int64_t icon_color);
  static void confirm(BotState& bot, std::int64_t offset);
  static nlohmann::json batch(const BotState& bot, int limit);
  static void park(BotState& bot, std::shared_ptr<ParkedPoll> poll);
  static void unpark(BotState& bot);
  // Ends the bot's parked poll, if any, as `how` and answers it; counts a 409 when that is one.
  static void end_parked_poll(BotState& bot, PollEnd how);
  void end_every_parked_poll();
  BotCounters snapshot(const BotState& bot) const;

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::shared_ptr<BotState>> bots_;
  std::map<std::int64_t, User> users_;
  std::map<std::int64_t, ChatState> chats_;
  std::map<std::string, CallbackQuery, std::less<>> callback_queries_;  // by id
  std::int64_t next_callback_query_number_ = 1;
  std::map<std::string, StoredFile, std::less<>> files_;  // by file_id
  std::int64_t next_file_number_ = 1;
  bool stopping_ = false;
  std::uint64_t next_poll_id_ = 1;
  // Bumped by reset(): a waiter that sees it change knows the world it waited on is gone.
  std::uint64_t generation_ = 0;
};

}  // namespace tas::fake::detail
