#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "message_text.hpp"
#include "request_params.hpp"
#include <nlohmann/json.hpp>

namespace tas::fake::detail {

class World;
struct Placement;

struct MethodResult {
  nlohmann::json result;
  std::string description;
};

// One Bot API call as a method sees it: its parameters, and whether its client is still there.
struct Call {
  const RequestParams& params;
  std::function<bool()> caller_gone;
};

using Method = std::function<MethodResult(World& world, std::string_view token, const Call& call)>;
// Keys are lower case: Telegram matches method names case-insensitively.
using MethodTable = std::map<std::string, Method, std::less<>>;

// Each concept adds its methods to the table bot_api_routes.cpp serves.
void add_bot_command_methods(MethodTable& table);
void add_chat_info_methods(MethodTable& table);
void add_pin_and_reaction_methods(MethodTable& table);
void add_message_edit_methods(MethodTable& table);
void add_forwarding_methods(MethodTable& table);
void add_callback_query_methods(MethodTable& table);
void add_file_methods(MethodTable& table);
void add_forum_topic_methods(MethodTable& table);

// Parameter readers the methods share.

// chat_id as Telegram reads it: absent or empty is unset; "@username" is a chat the fake does not
// know (400 chat not found), since it has no public usernames.
[[nodiscard]] std::optional<std::int64_t> chat_id_param(const RequestParams& params,
                                                        std::string_view name = "chat_id");
// A required message_id; a missing one is 400 "<what> not found", as Telegram answers it.
[[nodiscard]] std::int64_t message_id_param(const RequestParams& params, std::string_view what);
// reply_markup, validated (reply_markup.hpp); null when absent.
[[nodiscard]] nlohmann::json reply_markup_param(const RequestParams& params);
// A text with its markup: `name` ("text", "caption"), "parse_mode", and "entities" (for a caption,
// "caption_entities"); nullopt when `name` is absent.
[[nodiscard]] std::optional<MarkedUpText> marked_up_text_param(const RequestParams& params,
                                                               std::string_view name);
// chat_id, message_thread_id, reply_to_message_id / reply_parameters, reply_markup.
[[nodiscard]] Placement placement_params(const RequestParams& params);
// A method whose answer is plain `true`.
[[nodiscard]] inline MethodResult done() {
  return MethodResult{true, {}};
}

}  // namespace tas::fake::detail
