#include "bot_api_routes.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <functional>
#include <map>
#include <variant>

#include "api_error.hpp"
#include "envelope.hpp"
#include "method_table.hpp"
#include "request_params.hpp"
#include "world.hpp"
#include <fmt/format.h>

namespace tas::fake::detail {
namespace {

GetUpdatesArgs get_updates_args(const RequestParams& params) {
  GetUpdatesArgs args;
  args.offset = params.integer("offset").value_or(0);
  // Telegram accepts limit 1..100 (default 100) and timeout 0..50, and clamps what is outside.
  const auto limit = params.integer("limit").value_or(100);
  args.limit = limit <= 0 ? 100 : static_cast<int>(std::min<std::int64_t>(limit, 100));
  args.timeout_s =
      static_cast<int>(std::clamp<std::int64_t>(params.integer("timeout").value_or(0), 0, 50));
  if (const auto allowed = params.structured("allowed_updates")) {
    if (!allowed->is_array()) {
      throw ApiError(400, "Bad Request: allowed_updates must be a JSON array of strings");
    }
    std::vector<std::string> kinds;
    for (const auto& kind : *allowed) {
      if (kind.is_string()) kinds.push_back(kind.get<std::string>());
    }
    args.allowed_updates = std::move(kinds);
  }
  return args;
}

SendMessageArgs send_message_args(const RequestParams& params) {
  SendMessageArgs args;
  if (const auto chat_id = params.string("chat_id"); chat_id && !chat_id->empty()) {
    // "@channelusername" is a valid chat_id to Telegram; the fake has no public usernames for
    // chats, so every non-numeric chat is one it does not know.
    args.chat_id = parse_integer(*chat_id);
    if (!args.chat_id) throw ApiError(400, description::kChatNotFound);
  }
  args.text = params.string("text").value_or("");
  args.parse_mode = params.string("parse_mode").value_or("");
  args.entities = params.structured("entities");
  args.topic_id = params.integer("message_thread_id");
  args.reply_to_message_id = params.integer("reply_to_message_id");
  args.allow_sending_without_reply = params.boolean("allow_sending_without_reply").value_or(false);
  if (const auto reply = params.structured("reply_parameters")) {
    const auto message_id = reply->find("message_id");
    if (!reply->is_object() || message_id == reply->end() || !message_id->is_number_integer()) {
      throw ApiError(400, "Bad Request: reply_parameters must be an object with a message_id");
    }
    args.reply_to_message_id = message_id->get<std::int64_t>();
    if (const auto allow = reply->find("allow_sending_without_reply");
        allow != reply->end() && allow->is_boolean()) {
      args.allow_sending_without_reply = allow->get<bool>();
    }
  }
  args.reply_markup = reply_markup_param(params);
  return args;
}

MethodTable core_methods() {
  return {
      {"getme",
       [](World& world, std::string_view token, const Call&) {
         return MethodResult{world.get_me(token), {}};
       }},
      {"sendmessage",
       [](World& world, std::string_view token, const Call& call) {
         return MethodResult{world.send_message(token, send_message_args(call.params)), {}};
       }},
      {"setwebhook",
       [](World& world, std::string_view token, const Call& call) {
         return MethodResult{true,
                             world.set_webhook(token, call.params.string("url").value_or(""))};
       }},
      {"deletewebhook",
       [](World& world, std::string_view token, const Call& call) {
         const auto drop = call.params.boolean("drop_pending_updates").value_or(false);
         return MethodResult{true, world.delete_webhook(token, drop)};
       }},
      {"getwebhookinfo",
       [](World& world, std::string_view token, const Call&) {
         return MethodResult{world.get_webhook_info(token), {}};
       }},
  };
}

const MethodTable& methods() {
  static const MethodTable table = [] {
    auto all = core_methods();
    add_bot_command_methods(all);
    add_chat_info_methods(all);
    add_pin_and_reaction_methods(all);
    add_message_edit_methods(all);
    add_forwarding_methods(all);
    add_callback_query_methods(all);
    add_file_methods(all);
    add_forum_topic_methods(all);
    return all;
  }();
  return table;
}

std::string lower_case(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower;
}

// getUpdates: answered now, or parked until World answers it or its timeout passes.
void serve_get_updates(World& world, const std::shared_ptr<http_server::PendingResponse>& pending,
                       std::string_view token, const RequestParams& params) {
  GetUpdatesArgs args = get_updates_args(params);
  std::weak_ptr<http_server::PendingResponse> weak = pending;
  args.caller_gone = [weak] {
    const auto alive = weak.lock();
    return !alive || alive->peer_hung_up();
  };
  auto answer_later = [pending](PollOutcome outcome) {
    pending->respond(outcome.error ? error_response(*outcome.error) : ok_response(outcome.updates));
  };
  auto answer = world.get_updates(token, args, std::move(answer_later));
  if (const auto* updates = std::get_if<nlohmann::json>(&answer)) {
    pending->respond(ok_response(*updates));
    return;
  }
  pending->on_no_response_within(std::chrono::seconds(args.timeout_s),
                                 [&world, ticket = std::get<ParkedPollTicket>(std::move(answer))] {
                                   world.expire_poll(ticket);
                                 });
}

}  // namespace

void serve_bot_call(World& world, const std::shared_ptr<http_server::PendingResponse>& pending,
                    std::string_view token, std::string_view method_name) {
  try {
    world.require_bot(token);  // a stranger learns nothing, not even which methods exist
    const auto name = lower_case(method_name);
    const auto params = RequestParams::from(pending->request());
    if (name == "getupdates") {
      serve_get_updates(world, pending, token, params);
      return;
    }
    const auto method = methods().find(name);
    if (method == methods().end()) throw ApiError(404, description::kNotFound);
    const Call call{params, [&pending] { return pending->peer_hung_up(); }};
    const auto outcome = method->second(world, token, call);
    pending->respond(ok_response(outcome.result, outcome.description));
  } catch (const ApiError& error) {
    pending->respond(error_response(error));
  } catch (const std::exception& error) {
    // Our own messages never contain a token; this is a bug in the fake, shown to the caller.
    pending->respond(
        error_response(ApiError(500, fmt::format("Internal Server Error: {}", error.what()))));
  }
}

}  // namespace tas::fake::detail
