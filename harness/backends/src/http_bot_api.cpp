#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <tas/backends/backend_error.hpp>
#include <tas/backends/bot_api_error.hpp>
#include <tas/backends/http_bot_api.hpp>
#include <tas/backends/http_client.hpp>
#include <tas/core/untrusted_json.hpp>

namespace tas {
namespace {

using nlohmann::json;

constexpr std::chrono::milliseconds kCallTimeout{10000};

// Telegram's name for an HTTP status, for the few the Bot API answers with.
std::string status_text(long status) {
  switch (status) {
    case 400:
      return "400 Bad Request";
    case 401:
      return "401 Unauthorized";
    case 403:
      return "403 Forbidden";
    case 404:
      return "404 Not Found";
    case 409:
      return "409 Conflict";
    case 429:
      return "429 Too Many Requests";
    case 500:
      return "500 Internal Server Error";
    case 502:
      return "502 Bad Gateway";
    case 503:
      return "503 Service Unavailable";
    default:
      return fmt::format("HTTP {}", status);
  }
}

// Calls `method` and returns its `result`. Throws BotApiUnreachable when no answer came,
// BotTokenRefused when Telegram's envelope says the token is no bot's (401, or the 404 it gives
// for a token it cannot parse), and BackendError naming the status for any other error — never
// with the URL, which carries the token.
json call(const std::string& base_url, const Secret& token, std::string_view method,
          const Deadline& deadline) {
  HttpRequest request;
  request.method = "POST";
  request.url = fmt::format("{}/bot{}/{}", base_url, token.reveal(), method);
  request.headers = {{"Content-Type", "application/json"}};
  request.body = "{}";
  request.timeout =
      std::max(std::chrono::milliseconds(1), std::min(kCallTimeout, deadline.remaining()));
  const HttpResponse response = http_request(request);
  if (response.status == 0) {
    throw BotApiUnreachable(
        fmt::format("the Bot API at {} is unreachable: {}", base_url, response.error));
  }
  const json body = parse_untrusted_json(response.body).value;
  const bool envelope = !body.is_discarded() && body.is_object() && body.contains("ok");
  // A web server that is no Bot API answers 404 too: only Telegram's own envelope says "token".
  if (!envelope) {
    throw BackendError(
        fmt::format("{}: {} without a Bot API envelope from {}: is that address a Bot API server?",
                    method, status_text(response.status), base_url));
  }
  const std::string description = body.value("description", std::string("no description"));
  if (response.status == 401 || response.status == 404) {
    throw BotTokenRefused(
        fmt::format("the token was refused ({}) by the Bot API at {}: {} said "
                    "'{}'",
                    status_text(response.status), base_url, method, description));
  }
  if (body["ok"] != true) {
    throw BackendError(fmt::format("{}: {} from the Bot API at {}: {}", method,
                                   status_text(response.status), base_url, description));
  }
  return body.value("result", json(nullptr));
}

}  // namespace

BotIdentity HttpBotApi::get_me(const Secret& token, const Deadline& deadline) {
  const json me = call(base_url_, token, "getMe", deadline);
  if (!me.is_object() || !me.contains("id") || !me["id"].is_number_integer()) {
    throw BackendError("getMe: the result has no numeric id");
  }
  return BotIdentity{me["id"].get<std::int64_t>(), me.value("username", std::string())};
}

}  // namespace tas
