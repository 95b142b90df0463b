#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tas/fake/bot_counters.hpp>
#include <tas/fake/callback_answer.hpp>
#include <tas/fake/fake_telegram_error.hpp>
#include <tas/fake/setup_specs.hpp>
#include <tas/fake/telegram_objects.hpp>

namespace tas::fake {

struct FakeTelegramOptions {
  std::string host = "127.0.0.1";
  int port = 0;  // 0: any free port; read the one chosen back with port()
  // Open connections at most. A parked long poll or an idle kept-alive connection costs no thread
  // and no CPU, so no number of pollers below it keeps another client waiting; past it, a new
  // connection waits in the listen backlog until one closes.
  std::size_t max_connections = 4096;
  // Called (on a thread of the server's) when a client asks to stop over HTTP (`POST
  // /_control/stop`). The executable uses it to end its signal wait; left empty, that endpoint
  // answers 404, because a server cannot join its own threads from inside a request.
  std::function<void()> on_stop_requested{};
};

// A fake api.telegram.org: a real HTTP server that speaks the Bot API as docs/fake-telegram.md
// describes it (envelope, 401/404/409/429, getUpdates long-polling with Telegram's one-poller rule,
// topics), and a *user-side* control API through which a test acts as a person in a chat — the
// thing a real round-trip needs and a bot token can never do (bots never receive bots' messages).
//
// Typical use:
//
//   FakeTelegramServer telegram;
//   telegram.register_bot({.token = token, .username = "agent_bot"});
//   telegram.create_user({.id = 42, .first_name = "Ada"});
//   telegram.create_chat({.chat = {.id = -1001, .title = "ops", .is_forum = true},
//                         .topic_ids = {7}, .bot_usernames = {"agent_bot"}});
//   telegram.start();                   // the port is bound when this returns
//   launch_agent(telegram.base_url());  // the agent calls <base_url>/bot<token>/getUpdates
//   auto probe = telegram.send_as_user(42, -1001, 7, "ping");
//   auto replies = telegram.bot_messages_after(-1001, probe.message_id, 5s);
//
// Every control method may be called before start(), while serving, and after stop(). All of them
// are thread-safe. Blocking calls wait on a condition variable, so an idle fake costs no CPU.
class FakeTelegramServer {
 public:
  explicit FakeTelegramServer(FakeTelegramOptions options = {});
  // Stops (see stop()).
  ~FakeTelegramServer();
  FakeTelegramServer(const FakeTelegramServer&) = delete;
  FakeTelegramServer& operator=(const FakeTelegramServer&) = delete;
  FakeTelegramServer(FakeTelegramServer&&) = delete;
  FakeTelegramServer& operator=(FakeTelegramServer&&) = delete;

  // Binds host:port on the calling thread, then serves on a thread of its own. When it returns the
  // socket is listening, so base_url() may be handed out at once. Throws FakeTelegramError when
  // the port cannot be bound or the server was started before.
  void start();
  // Answers every parked long-poll (with an empty result), wakes every blocked control call, closes
  // the listening socket and idle keep-alive connections, and joins the server's threads. Prompt
  // even with pollers parked for 50 s. Idempotent; the fake cannot be started again.
  void stop();

  [[nodiscard]] int port() const;  // 0 before start()
  // "http://127.0.0.1:<port>", what an agent uses instead of "https://api.telegram.org".
  [[nodiscard]] std::string base_url() const;

  // --- Populating the world -------------------------------------------------------------------
  // Each throws FakeTelegramError naming the problem (duplicate, unknown name, malformed value).

  // Makes the token valid. Returns the bot's id, the numeric part of the token.
  std::int64_t register_bot(const BotSpec& bot);
  void create_user(const User& user);  // a person: user.is_bot must be false
  void create_chat(const ChatSpec& chat);
  void add_bot_to_chat(std::int64_t chat_id, std::string_view bot_username);

  // --- Acting as a user -----------------------------------------------------------------------

  // Posts `text` as the user into the chat (into the forum topic `topic_id`, or the General topic
  // when unset), as a reply to `reply_to_message_id` when set — then, without a topic, into the
  // topic of the message it answers. The message becomes an update for every bot that is a member
  // of the chat. Returns the message as Telegram would show it, with its message_id and the
  // entities Telegram detects (bot_command, mention, url, ...). Throws FakeTelegramError for text
  // that is not UTF-8 or longer than 4096 UTF-16 code units; nothing is posted then.
  Message send_as_user(std::int64_t user_id, std::int64_t chat_id,
                       std::optional<std::int64_t> topic_id, std::string_view text,
                       std::optional<std::int64_t> reply_to_message_id = std::nullopt);
  // Changes the text of one of the user's own messages; member bots get an `edited_message`
  // update. Returns the message with its `edit_date`.
  Message edit_as_user(std::int64_t user_id, std::int64_t chat_id, std::int64_t message_id,
                       std::string_view text);
  // Deletes one of the user's own messages. Bots are not told: the Bot API has no such update.
  void delete_as_user(std::int64_t user_id, std::int64_t chat_id, std::int64_t message_id);
  // Presses the inline button with this callback_data on a bot's message: the bot that sent it gets
  // a `callback_query` update. Returns the query's id, for callback_answer.
  std::string press_button(std::int64_t user_id, std::int64_t chat_id, std::int64_t message_id,
                           std::string_view callback_data);
  // Blocks until the bot answered the query (answerCallbackQuery) or the timeout passes (then:
  // nullopt).
  std::optional<CallbackAnswer> callback_answer(std::string_view callback_query_id,
                                                std::chrono::milliseconds timeout);
  // Blocks until a bot has posted into the chat after `after_message_id` — in any topic, so the
  // caller can tell a reply in the wrong topic from no reply — or the timeout passes (then: empty).
  // Returns every bot message newer than `after_message_id`, oldest first.
  std::vector<Message> bot_messages_after(std::int64_t chat_id, std::int64_t after_message_id,
                                          std::chrono::milliseconds timeout);
  // Everything posted into the chat so far, users' and bots' messages alike, oldest first.
  [[nodiscard]] std::vector<Message> chat_history(std::int64_t chat_id) const;

  // --- Observing the bots ---------------------------------------------------------------------

  [[nodiscard]] BotCounters counters(std::string_view bot_username) const;
  [[nodiscard]] std::map<std::string, BotCounters> all_counters() const;  // by username
  // Blocks until exactly `count` long-polls of the bot are parked, or the timeout passes. The way
  // for a test to know "the poller is waiting now" without sleeping. Returns whether it happened.
  bool wait_for_parked(std::string_view bot_username, std::int64_t count,
                       std::chrono::milliseconds timeout);

  // --- Faults and housekeeping ----------------------------------------------------------------

  // The bot's next `calls` Bot API calls fail with 429 "Too Many Requests: retry after N" and
  // `parameters.retry_after` = `retry_after_s`, as Telegram's flood control does.
  void inject_flood_wait(std::string_view bot_username, int retry_after_s, int calls);
  // Forgets every bot, user, chat, message and counter, as a freshly constructed fake. Parked
  // long-polls are answered with an empty result and blocked control calls return.
  void reset();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tas::fake
