// forwardMessage and copyMessage: a bot reposts a message it can see, with or without saying where
// it came from.

#include <functional>
#include <string>

#include "api_error.hpp"
#include "method_table.hpp"
#include "world.hpp"

namespace tas::fake::detail {
namespace {

// The content a repost keeps: text and media, not who sent it, where, or what it answered.
Message content_of(const Message& original, const User& reposter) {
  Message copy{.from = reposter, .text = original.text, .extra_fields = original.extra_fields};
  copy.extra_fields.erase("forward_origin");
  copy.extra_fields.erase("sender_chat");
  return copy;
}

}  // namespace

Message World::repost(std::string_view token, const Placement& placement,
                      std::optional<std::int64_t> from_chat_id, std::int64_t message_id,
                      std::string_view not_found,
                      const std::function<void(const Message&, Message&)>& adapt) {
  Message posted;
  {
    std::lock_guard lock(mutex_);
    const auto bot = bot_by_token(token);
    admit_call(*bot);
    const auto& source = chat_for_bot(*bot, from_chat_id);
    const auto original = source.messages.find(message_id);
    if (original == source.messages.end()) throw ApiError(400, std::string(not_found));
    auto& target = chat_for_bot(*bot, placement.chat_id);
    const auto [topic_id, reply_to] = resolve_placement(target, placement);
    auto draft = content_of(original->second, bot->identity);
    draft.topic_id = topic_id;
    adapt(original->second, draft);
    posted = post(target, std::move(draft), reply_to);
  }
  changed_.notify_all();
  return posted;
}

nlohmann::json World::forward_message(std::string_view token, const Placement& placement,
                                      std::optional<std::int64_t> from_chat_id,
                                      std::int64_t message_id) {
  return to_bot_api_json(
      repost(token, placement, from_chat_id, message_id, description::kMessageToForwardNotFound,
             [](const Message& original, Message& draft) {
               // A forward of a forward names the first sender, as Telegram
               // does.
               draft.extra_fields["forward_origin"] =
                   original.extra_fields.contains("forward_origin")
                       ? original.extra_fields.at("forward_origin")
                       : nlohmann::json{{"type", "user"},
                                        {"sender_user", to_bot_api_json(original.from)},
                                        {"date", original.date}};
             }));
}

nlohmann::json World::copy_message(std::string_view token, const Placement& placement,
                                   std::optional<std::int64_t> from_chat_id,
                                   std::int64_t message_id,
                                   const std::optional<MarkedUpText>& caption) {
  const Message copied =
      repost(token, placement, from_chat_id, message_id, description::kMessageToCopyNotFound,
             [&](const Message&, Message& draft) {
               draft.reply_markup = placement.reply_markup;
               // A new caption replaces a media message's; a text message has none to replace.
               if (caption && draft.text.empty()) {
                 set_caption(draft.extra_fields,
                             format_caption(caption->text, caption->parse_mode, caption->entities));
               }
             });
  return {{"message_id", copied.message_id}};
}

void add_forwarding_methods(MethodTable& table) {
  table.emplace("forwardmessage", [](World& world, std::string_view token, const Call& call) {
    const auto& params = call.params;
    auto placement = placement_params(params);
    placement.reply_to_message_id.reset();  // forwardMessage takes no reply
    placement.reply_markup = nullptr;
    return MethodResult{
        world.forward_message(token, placement, chat_id_param(params, "from_chat_id"),
                              message_id_param(params, "message to forward")),
        {}};
  });
  table.emplace("copymessage", [](World& world, std::string_view token, const Call& call) {
    const auto& params = call.params;
    return MethodResult{
        world.copy_message(token, placement_params(params), chat_id_param(params, "from_chat_id"),
                           message_id_param(params, "message to copy"),
                           marked_up_text_param(params, "caption")),
        {}};
  });
}

}  // namespace tas::fake::detail
