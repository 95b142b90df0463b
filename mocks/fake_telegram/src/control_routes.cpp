#include "control_routes.hpp"

#include <chrono>
#include <string>

#include "api_error.hpp"
#include "envelope.hpp"
#include "world.hpp"
#include <fmt/format.h>

#include <tas/core/untrusted_json.hpp>
#include <tas/fake/fake_telegram_error.hpp>
#include <tas/fake/setup_specs.hpp>
#include <tas/http_server/form_data.hpp>

namespace tas::fake::detail {
namespace {

// A blocking control call may not hold a worker thread longer than this.
constexpr std::int64_t kMaxWaitMs = 10 * 60 * 1000;

nlohmann::json body_of(const http_server::HttpRequest& request) {
  auto body = nlohmann::json::object();
  if (!request.body.empty()) {
    body = parse_untrusted_json(request.body).value;
    if (!body.is_object()) {
      throw FakeTelegramError(
          fmt::format("{}: expected a JSON object as the request body", request.path));
    }
  }
  // GET carries its arguments in the query string.
  const auto query = http_server::parse_url_encoded(request.query);
  if (!query) throw FakeTelegramError(fmt::format("{}: malformed query string", request.path));
  for (const auto& [name, value] : *query)
    body.emplace(name, value);
  return body;
}

template <typename T>
T field(const nlohmann::json& body, const char* name, std::optional<T> fallback = std::nullopt) {
  const auto it = body.find(name);
  if (it == body.end() || it->is_null()) {
    if (fallback) return *fallback;
    throw FakeTelegramError(fmt::format("expected field \"{}\" in the request body", name));
  }
  try {
    return it->get<T>();
  } catch (const nlohmann::json::exception&) {
    throw FakeTelegramError(
        fmt::format("field \"{}\" has the wrong type ({})", name, it->type_name()));
  }
}

Clock::time_point deadline_from(const nlohmann::json& body) {
  const auto timeout_ms = std::clamp<std::int64_t>(
      field<std::int64_t>(body, "timeout_ms", std::int64_t{0}), 0, kMaxWaitMs);
  return Clock::now() + std::chrono::milliseconds(timeout_ms);
}

nlohmann::json messages_json(const std::vector<Message>& messages) {
  auto json = nlohmann::json::array();
  for (const auto& message : messages)
    json.push_back(to_bot_api_json(message));
  return json;
}

}  // namespace

http_server::HttpResponse ControlApi::answer(const http_server::HttpRequest& request) const {
  const auto endpoint = endpoints_.find(request.path);
  const bool allowed =
      endpoint != endpoints_.end() &&
      (request.method == "POST" || (request.method == "GET" && endpoint->second.takes_get));
  if (!allowed) return error_response(ApiError(404, description::kNotFound));
  try {
    return ok_response(endpoint->second.action(body_of(request)));
  } catch (const FakeTelegramError& error) {
    return error_response(ApiError(400, fmt::format("Bad Request: {}", error.what())));
  } catch (const std::exception& error) {
    return error_response(ApiError(500, fmt::format("Internal Server Error: {}", error.what())));
  }
}

ControlApi::ControlApi(World& world, std::function<void()> on_stop_requested) {
  const auto post = [this](const char* path, Action action) {
    endpoints_.emplace(path, Endpoint{std::move(action)});
  };
  post("/_control/bots", [&world](const nlohmann::json& body) {
    const auto spec = bot_spec_from_json(body);
    const auto id = world.register_bot(spec);
    return nlohmann::json{{"id", id}, {"username", spec.username}};
  });
  post("/_control/users", [&world](const nlohmann::json& body) {
    world.create_user(user_from_json(body));
    return nlohmann::json(true);
  });
  post("/_control/chats", [&world](const nlohmann::json& body) {
    world.create_chat(chat_spec_from_json(body));
    return nlohmann::json(true);
  });
  post("/_control/chat_members", [&world](const nlohmann::json& body) {
    world.add_bot_to_chat(field<std::int64_t>(body, "chat_id"), field<std::string>(body, "bot"));
    return nlohmann::json(true);
  });
  post("/_control/send", [&world](const nlohmann::json& body) {
    const auto topic = body.contains("message_thread_id")
                           ? std::optional(field<std::int64_t>(body, "message_thread_id"))
                           : std::nullopt;
    const auto reply_to = body.contains("reply_to_message_id")
                              ? std::optional(field<std::int64_t>(body, "reply_to_message_id"))
                              : std::nullopt;
    return to_bot_api_json(world.send_as_user(field<std::int64_t>(body, "user_id"),
                                              field<std::int64_t>(body, "chat_id"), topic,
                                              field<std::string>(body, "text"), reply_to));
  });
  post("/_control/edit", [&world](const nlohmann::json& body) {
    return to_bot_api_json(world.edit_as_user(
        field<std::int64_t>(body, "user_id"), field<std::int64_t>(body, "chat_id"),
        field<std::int64_t>(body, "message_id"), field<std::string>(body, "text")));
  });
  post("/_control/delete", [&world](const nlohmann::json& body) {
    world.delete_as_user(field<std::int64_t>(body, "user_id"), field<std::int64_t>(body, "chat_id"),
                         field<std::int64_t>(body, "message_id"));
    return nlohmann::json(true);
  });
  post("/_control/press_button", [&world](const nlohmann::json& body) {
    const auto id = world.press_button(
        field<std::int64_t>(body, "user_id"), field<std::int64_t>(body, "chat_id"),
        field<std::int64_t>(body, "message_id"), field<std::string>(body, "callback_data"));
    return nlohmann::json{{"callback_query_id", id}};
  });
  post("/_control/callback_answer", [&world](const nlohmann::json& body) {
    const auto answer =
        world.callback_answer(field<std::string>(body, "callback_query_id"), deadline_from(body));
    if (!answer) return nlohmann::json{{"answered", false}};
    return nlohmann::json{{"answered", true},
                          {"text", answer->text},
                          {"show_alert", answer->show_alert},
                          {"url", answer->url},
                          {"cache_time", answer->cache_time}};
  });
  post("/_control/bot_messages", [&world](const nlohmann::json& body) {
    return messages_json(world.bot_messages_after(
        field<std::int64_t>(body, "chat_id"),
        field<std::int64_t>(body, "after_message_id", std::int64_t{0}), deadline_from(body)));
  });
  post("/_control/chat_history", [&world](const nlohmann::json& body) {
    return messages_json(world.chat_history(field<std::int64_t>(body, "chat_id")));
  });
  endpoints_.emplace(
      "/_control/counters",
      Endpoint{.action =
                   [&world](const nlohmann::json& body) {
                     if (body.contains("bot"))
                       return nlohmann::json(world.counters(field<std::string>(body, "bot")));
                     return nlohmann::json(world.all_counters());
                   },
               .takes_get = true});
  post("/_control/wait_parked", [&world](const nlohmann::json& body) {
    const bool reached = world.wait_for_parked(
        field<std::string>(body, "bot"), field<std::int64_t>(body, "count"), deadline_from(body));
    return nlohmann::json{{"reached", reached}};
  });
  post("/_control/flood_wait", [&world](const nlohmann::json& body) {
    world.inject_flood_wait(field<std::string>(body, "bot"), field<int>(body, "retry_after"),
                            field<int>(body, "calls", 1));
    return nlohmann::json(true);
  });
  post("/_control/reset", [&world](const nlohmann::json&) {
    world.reset();
    return nlohmann::json(true);
  });
  if (on_stop_requested) {
    post("/_control/stop", [stop = std::move(on_stop_requested)](const nlohmann::json&) {
      stop();
      return nlohmann::json(true);
    });
  }
}

}  // namespace tas::fake::detail
