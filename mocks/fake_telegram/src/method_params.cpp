// The parameter readers the Bot API methods share (method_table.hpp).

#include "api_error.hpp"
#include "method_table.hpp"
#include "reply_markup.hpp"
#include "world.hpp"
#include <fmt/format.h>

namespace tas::fake::detail {

std::optional<std::int64_t> chat_id_param(const RequestParams& params, std::string_view name) {
  const auto text = params.string(name);
  if (!text || text->empty()) return std::nullopt;
  const auto id = parse_integer(*text);
  if (!id) throw ApiError(400, description::kChatNotFound);
  return id;
}

std::int64_t message_id_param(const RequestParams& params, std::string_view what) {
  const auto id = params.integer("message_id");
  // Telegram checks a missing or non-positive id like any other: there is no such message.
  if (!id || *id <= 0) throw ApiError(400, fmt::format("Bad Request: {} not found", what));
  return *id;
}

nlohmann::json reply_markup_param(const RequestParams& params) {
  if (!params.has("reply_markup")) return nullptr;
  try {
    return validated_reply_markup(*params.structured("reply_markup"));
  } catch (const ApiError& error) {
    // Text that is no JSON object at all gets Telegram's own words.
    if (error.description().starts_with("Bad Request: can't parse")) {
      throw ApiError(400, "Bad Request: Can't parse reply keyboard markup JSON object");
    }
    throw;
  }
}

Placement placement_params(const RequestParams& params) {
  Placement placement;
  placement.chat_id = chat_id_param(params);
  placement.topic_id = params.integer("message_thread_id");
  placement.reply_to_message_id = params.integer("reply_to_message_id");
  placement.allow_sending_without_reply =
      params.boolean("allow_sending_without_reply").value_or(false);
  if (const auto reply = params.structured("reply_parameters")) {
    const auto message_id = reply->find("message_id");
    if (!reply->is_object() || message_id == reply->end() || !message_id->is_number_integer()) {
      throw ApiError(400, "Bad Request: reply_parameters must be an object with a message_id");
    }
    placement.reply_to_message_id = message_id->get<std::int64_t>();
    if (const auto allow = reply->find("allow_sending_without_reply");
        allow != reply->end() && allow->is_boolean()) {
      placement.allow_sending_without_reply = allow->get<bool>();
    }
  }
  placement.reply_markup = reply_markup_param(params);
  return placement;
}

std::optional<MarkedUpText> marked_up_text_param(const RequestParams& params,
                                                 std::string_view name) {
  auto text = params.string(name);
  if (!text) return std::nullopt;
  const std::string entities_name =
      name == "text" ? std::string("entities") : std::string(name) + "_entities";
  return MarkedUpText{.text = std::move(*text),
                      .parse_mode = params.string("parse_mode").value_or(""),
                      .entities = params.structured(entities_name)};
}

}  // namespace tas::fake::detail
