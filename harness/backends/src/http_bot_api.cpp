#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <tas/backends/backend_error.hpp>
#include <tas/backends/http_bot_api.hpp>
#include <tas/backends/http_client.hpp>
#include <tas/core/untrusted_json.hpp>

namespace tas {
namespace {

using nlohmann::json;

constexpr std::chrono::milliseconds kCallTimeout{10000};

// Calls `method` and returns its `result`, or throws BackendError with the Bot API's own
// description (never the URL, which carries the token).
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
    throw BackendError(
        fmt::format("{}: no answer from the Bot API at {}: {}", method, base_url, response.error));
  }
  const json body = parse_untrusted_json(response.body).value;
  if (body.is_discarded() || !body.is_object() || !body.contains("ok")) {
    throw BackendError(fmt::format("{}: HTTP {} without a Bot API envelope from {}", method,
                                   response.status, base_url));
  }
  if (body["ok"] != true) {
    throw BackendError(fmt::format("{}: HTTP {} {}", method, response.status,
                                   body.value("description", std::string("(no description)"))));
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
