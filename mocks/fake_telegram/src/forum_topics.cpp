// Forum topics: createForumTopic, editForumTopic, closeForumTopic, reopenForumTopic and
// deleteForumTopic, and the creation message every message of a topic answers.

#include <algorithm>

#include "api_error.hpp"
#include "forum_topic_rules.hpp"
#include "method_table.hpp"
#include "unix_time.hpp"
#include "world.hpp"

namespace tas::fake::detail {
namespace {

constexpr std::size_t kMaxTopicNameLength = 128;

void check_name(const std::string& name) {
  if (name.empty()) throw ApiError(400, "Bad Request: TOPIC_TITLE_EMPTY");
  if (name.size() > kMaxTopicNameLength) throw ApiError(400, "Bad Request: TOPIC_TITLE_INVALID");
}

}  // namespace

void World::open_topic(ChatState& chat, std::int64_t topic_id, const User& from, std::string name,
                       std::int64_t icon_color) {
  Message created{.message_id = topic_id,
                  .from = from,
                  .chat = chat.chat,
                  .date = unix_time_now(),
                  .topic_id = topic_id};
  created.extra_fields["forum_topic_created"] = {{"name", name}, {"icon_color", icon_color}};
  if (from.id == anonymous_admin().id)
    created.extra_fields["sender_chat"] = to_bot_api_json(chat.chat);
  chat.topics[topic_id] = ForumTopic{.created = std::move(created), .name = std::move(name)};
}

nlohmann::json World::create_forum_topic(std::string_view token, const ForumTopicArgs& args) {
  std::lock_guard lock(mutex_);
  const auto bot = bot_by_token(token);
  admit_call(*bot);
  auto& chat = chat_for_bot(*bot, args.chat_id);
  if (chat.chat.type != "supergroup") {
    throw ApiError(400, "Bad Request: method is available only for supergroups");
  }
  if (!chat.chat.is_forum) throw ApiError(400, description::kChatNotForum);
  const auto name = args.name.value_or("");
  check_name(name);
  const auto icon_color = args.icon_color.value_or(kDefaultTopicIconColor);
  if (std::find(kTopicIconColors.begin(), kTopicIconColors.end(), icon_color) ==
      kTopicIconColors.end()) {
    throw ApiError(400, "Bad Request: TOPIC_ICON_COLOR_INVALID");
  }
  // The topic's id is the id of its creation message, the next in the chat.
  const auto topic_id = chat.next_message_id++;
  open_topic(chat, topic_id, bot->identity, name, icon_color);
  return {{"message_thread_id", topic_id}, {"name", name}, {"icon_color", icon_color}};
}

// The topic a method on an existing topic names, in a forum the bot is in.
World::ForumTopic& World::topic_for_bot(const BotState& bot, const ForumTopicArgs& args) {
  auto& chat = chat_for_bot(bot, args.chat_id);
  if (!chat.chat.is_forum) throw ApiError(400, description::kChatNotForum);
  const auto topic = args.topic_id ? chat.topics.find(*args.topic_id) : chat.topics.end();
  if (topic == chat.topics.end()) throw ApiError(400, description::kThreadNotFound);
  return topic->second;
}

void World::edit_forum_topic(std::string_view token, const ForumTopicArgs& args) {
  std::lock_guard lock(mutex_);
  const auto bot = bot_by_token(token);
  admit_call(*bot);
  auto& topic = topic_for_bot(*bot, args);
  if (!args.name || *args.name == topic.name) throw ApiError(400, description::kTopicNotModified);
  check_name(*args.name);
  topic.name = *args.name;
}

void World::close_forum_topic(std::string_view token, const ForumTopicArgs& args, bool closed) {
  std::lock_guard lock(mutex_);
  const auto bot = bot_by_token(token);
  admit_call(*bot);
  auto& topic = topic_for_bot(*bot, args);
  if (topic.closed == closed) throw ApiError(400, description::kTopicNotModified);
  topic.closed = closed;
}

void World::delete_forum_topic(std::string_view token, const ForumTopicArgs& args) {
  {
    std::lock_guard lock(mutex_);
    const auto bot = bot_by_token(token);
    admit_call(*bot);
    topic_for_bot(*bot, args);
    // Deleting a topic deletes every message in it.
    auto& chat = chats_.at(*args.chat_id);
    std::vector<std::int64_t> doomed;
    for (const auto& [id, message] : chat.messages) {
      if (message.topic_id == args.topic_id) doomed.push_back(id);
    }
    for (const auto id : doomed)
      forget_message(chat, id);
    chat.topics.erase(*args.topic_id);
  }
  changed_.notify_all();
}

void add_forum_topic_methods(MethodTable& table) {
  const auto args_of = [](const RequestParams& params) {
    return ForumTopicArgs{.chat_id = chat_id_param(params),
                          .topic_id = params.integer("message_thread_id"),
                          .name = params.string("name"),
                          .icon_color = params.integer("icon_color")};
  };
  table.emplace("createforumtopic",
                [args_of](World& world, std::string_view token, const Call& call) {
                  return MethodResult{world.create_forum_topic(token, args_of(call.params)), {}};
                });
  table.emplace("editforumtopic",
                [args_of](World& world, std::string_view token, const Call& call) {
                  world.edit_forum_topic(token, args_of(call.params));
                  return done();
                });
  for (const auto& [name, closes] :
       {std::pair{"closeforumtopic", true}, {"reopenforumtopic", false}}) {
    // A structured binding is captured through a copy: clang before 16 cannot capture one.
    const bool closed = closes;
    table.emplace(name, [args_of, closed](World& world, std::string_view token, const Call& call) {
      world.close_forum_topic(token, args_of(call.params), closed);
      return done();
    });
  }
  table.emplace("deleteforumtopic",
                [args_of](World& world, std::string_view token, const Call& call) {
                  world.delete_forum_topic(token, args_of(call.params));
                  return done();
                });
}

}  // namespace tas::fake::detail
