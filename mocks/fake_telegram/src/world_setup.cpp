// The world's population and housekeeping: bots, users, chats, counters, reset.

#include <algorithm>

#include "bot_token.hpp"
#include "forum_topic_rules.hpp"
#include "world.hpp"
#include <fmt/format.h>

#include <tas/fake/fake_telegram_error.hpp>

namespace tas::fake::detail {
namespace {

bool is_known_chat_type(std::string_view type) {
  return type == "private" || type == "group" || type == "supergroup";
}

}  // namespace

std::int64_t World::register_bot(const BotSpec& spec) {
  const auto id = bot_id_of_token(spec.token);
  if (!id) {
    // The token is not quoted: a malformed secret is still a secret.
    throw FakeTelegramError(
        "register_bot: expected a token shaped \"<numeric id>:<secret of letters, digits, _ or "
        "->\", got something else");
  }
  if (spec.username.empty() || spec.username.front() == '@') {
    throw FakeTelegramError(
        fmt::format("register_bot: expected a username without '@', got \"{}\"", spec.username));
  }
  std::lock_guard lock(mutex_);
  for (const auto& bot : bots_) {
    if (bot->identity.id == *id || bot->identity.username == spec.username) {
      throw FakeTelegramError(fmt::format(
          "register_bot: a bot with id {} or username \"{}\" is registered already (as @{})", *id,
          spec.username, bot->identity.username));
    }
  }
  auto bot = std::make_shared<BotState>();
  bot->token = spec.token;
  bot->identity = User{.id = *id,
                       .is_bot = true,
                       .first_name = spec.first_name.empty() ? spec.username : spec.first_name,
                       .username = spec.username};
  bots_.push_back(std::move(bot));
  return *id;
}

void World::create_user(const User& user) {
  if (user.is_bot) {
    throw FakeTelegramError(fmt::format(
        "create_user: user {} has is_bot set; bots are made with register_bot", user.id));
  }
  if (user.id <= 0) {
    throw FakeTelegramError(fmt::format("create_user: expected a positive id, got {}", user.id));
  }
  if (user.first_name.empty()) {
    throw FakeTelegramError(fmt::format("create_user: user {} needs a first_name", user.id));
  }
  std::lock_guard lock(mutex_);
  if (users_.contains(user.id)) {
    throw FakeTelegramError(fmt::format("create_user: user {} exists already", user.id));
  }
  users_.emplace(user.id, user);
}

void World::create_chat(const ChatSpec& spec) {
  const Chat& chat = spec.chat;
  if (!is_known_chat_type(chat.type)) {
    throw FakeTelegramError(fmt::format(
        "create_chat: expected type private, group or supergroup, got \"{}\"", chat.type));
  }
  // Telegram's convention, kept so that fixtures read like real data: people have positive ids,
  // groups negative ones.
  if ((chat.type == "private") != (chat.id > 0)) {
    throw FakeTelegramError(fmt::format("create_chat: a {} chat needs a {} id, got {}", chat.type,
                                        chat.type == "private" ? "positive" : "negative", chat.id));
  }
  if (chat.is_forum && chat.type != "supergroup") {
    throw FakeTelegramError(
        fmt::format("create_chat: chat {} is a forum, which only a supergroup can be", chat.id));
  }
  if (!spec.topic_ids.empty() && !chat.is_forum) {
    throw FakeTelegramError(
        fmt::format("create_chat: chat {} has topics but is_forum is false", chat.id));
  }
  for (const auto topic : spec.topic_ids) {
    if (topic <= 0) {
      throw FakeTelegramError(fmt::format(
          "create_chat: expected positive topic ids, got {} in chat {}", topic, chat.id));
    }
  }

  std::lock_guard lock(mutex_);
  if (chats_.contains(chat.id)) {
    throw FakeTelegramError(fmt::format("create_chat: chat {} exists already", chat.id));
  }
  ChatState state{.chat = chat};
  for (const auto& username : spec.bot_usernames) {
    state.bot_members.insert(bot_by_username(username, "create_chat")->identity.id);
  }
  // Topics a setup names were made by an anonymous administrator, as Telegram shows them.
  for (const auto topic : spec.topic_ids) {
    open_topic(state, topic, anonymous_admin(), fmt::format("Topic {}", topic),
               kDefaultTopicIconColor);
  }
  // A topic's id is the id of the service message that created it, so messages come after it.
  if (!state.topics.empty()) state.next_message_id = state.topics.rbegin()->first + 1;
  chats_.emplace(chat.id, std::move(state));
}

void World::add_bot_to_chat(std::int64_t chat_id, std::string_view bot_username) {
  std::lock_guard lock(mutex_);
  auto& chat = chat_by_id(chat_id, "add_bot_to_chat");
  chat.bot_members.insert(bot_by_username(bot_username, "add_bot_to_chat")->identity.id);
}

BotCounters World::counters(std::string_view bot_username) const {
  std::lock_guard lock(mutex_);
  return snapshot(*bot_by_username(bot_username, "counters"));
}

std::map<std::string, BotCounters> World::all_counters() const {
  std::lock_guard lock(mutex_);
  std::map<std::string, BotCounters> all;
  for (const auto& bot : bots_)
    all.emplace(bot->identity.username, snapshot(*bot));
  return all;
}

void World::inject_flood_wait(std::string_view bot_username, int retry_after_s, int calls) {
  if (retry_after_s <= 0 || calls < 0) {
    throw FakeTelegramError(
        fmt::format("inject_flood_wait: expected retry_after > 0 and calls >= 0, got {} and {}",
                    retry_after_s, calls));
  }
  std::lock_guard lock(mutex_);
  const auto& bot = bot_by_username(bot_username, "inject_flood_wait");
  bot->flood_calls_left = calls;
  bot->flood_retry_after_s = retry_after_s;
}

void World::reset() {
  {
    std::lock_guard lock(mutex_);
    end_every_parked_poll();
    bots_.clear();
    users_.clear();
    chats_.clear();
    callback_queries_.clear();
    files_.clear();
    ++generation_;
  }
  changed_.notify_all();
}

void World::shutdown() {
  {
    std::lock_guard lock(mutex_);
    end_every_parked_poll();
    stopping_ = true;
  }
  changed_.notify_all();
}

void World::end_every_parked_poll() {
  for (const auto& bot : bots_)
    end_parked_poll(*bot, PollEnd::kWorldEnded);
}

const std::shared_ptr<World::BotState>& World::bot_by_username(std::string_view username,
                                                               std::string_view caller) const {
  const auto it = std::find_if(bots_.begin(), bots_.end(),
                               [&](const auto& bot) { return bot->identity.username == username; });
  if (it == bots_.end()) {
    throw FakeTelegramError(
        fmt::format("{}: no bot @{} is registered; register_bot it first", caller, username));
  }
  return *it;
}

World::ChatState& World::chat_by_id(std::int64_t chat_id, std::string_view caller) {
  const auto it = chats_.find(chat_id);
  if (it == chats_.end()) {
    throw FakeTelegramError(fmt::format("{}: no chat {}; create_chat it first", caller, chat_id));
  }
  return it->second;
}

const World::ChatState& World::chat_by_id(std::int64_t chat_id, std::string_view caller) const {
  const auto it = chats_.find(chat_id);
  if (it == chats_.end()) {
    throw FakeTelegramError(fmt::format("{}: no chat {}; create_chat it first", caller, chat_id));
  }
  return it->second;
}

BotCounters World::snapshot(const BotState& bot) const {
  BotCounters counters = bot.counters;
  counters.pending_updates = static_cast<std::int64_t>(bot.pending.size());
  return counters;
}

}  // namespace tas::fake::detail
