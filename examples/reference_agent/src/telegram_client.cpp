#include "telegram_client.hpp"

#include "http_post.hpp"
#include <fmt/format.h>

namespace tas::reference_agent {
namespace {

using nlohmann::json;

// Room for the server to answer after the long poll's own timeout has passed.
constexpr std::chrono::seconds kResponseMargin{15};

std::string_view reason_phrase(long status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 409:
      return "Conflict";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    default:
      return "HTTP error";
  }
}

// A transport error message names the host, not the path, but the token is removed all the same
// in case some libcurl version quotes the URL.
std::string without_token(std::string text, const std::string& token) {
  for (std::size_t at = text.find(token); !token.empty() && at != std::string::npos;
       at = text.find(token, at)) {
    text.replace(at, token.size(), "[REDACTED]");
  }
  return text;
}

ApiResult interpret(long status, const std::string& body) {
  ApiResult result;
  result.http_status = status;
  const json document = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded() || !document.is_object()) {
    result.outcome = status >= 200 && status < 300 ? ApiResult::Outcome::transport_error
                                                   : ApiResult::Outcome::api_error;
    result.description =
        fmt::format("the Bot API answered HTTP {} with a body that is not a JSON object", status);
    return result;
  }
  if (document.value("ok", false) && status >= 200 && status < 300) {
    result.outcome = ApiResult::Outcome::ok;
    result.result = document.contains("result") ? document["result"] : json(nullptr);
    return result;
  }
  result.outcome = ApiResult::Outcome::api_error;
  if (const auto it = document.find("description"); it != document.end() && it->is_string()) {
    result.description = it->get<std::string>();
  }
  if (const auto it = document.find("parameters"); it != document.end() && it->is_object()) {
    if (const auto retry = it->find("retry_after");
        retry != it->end() && retry->is_number_integer()) {
      result.retry_after_s = retry->get<int>();
    }
  }
  return result;
}

}  // namespace

std::string ApiResult::failure() const {
  switch (outcome) {
    case Outcome::ok:
      return "no failure";
    case Outcome::aborted:
      return "aborted by shutdown";
    case Outcome::transport_error:
      return "transport error: " + description;
    case Outcome::api_error:
      break;
  }
  const std::string_view reason = reason_phrase(http_status);
  if (description.empty()) return fmt::format("{} {}", http_status, reason);
  // Telegram's descriptions already start with the reason ("Conflict: terminated by ..."), so the
  // line reads "409 Conflict: terminated by ..." rather than repeating it.
  if (description.starts_with(reason)) return fmt::format("{} {}", http_status, description);
  return fmt::format("{} {}: {}", http_status, reason, description);
}

TelegramClient::TelegramClient(std::string api_base, std::string token, std::stop_token stop)
    : api_base_(std::move(api_base)), token_(std::move(token)), stop_(std::move(stop)) {}

ApiResult TelegramClient::call(std::string_view method, const json& params,
                               std::chrono::seconds timeout) const {
  const HttpAnswer answer =
      http_post_json(request_url(method), params.dump(), timeout + kResponseMargin, stop_);
  ApiResult result;
  switch (answer.outcome) {
    case HttpAnswer::Outcome::aborted:
      result.outcome = ApiResult::Outcome::aborted;
      result.description = answer.error;
      return result;
    case HttpAnswer::Outcome::failed:
      result.outcome = ApiResult::Outcome::transport_error;
      result.description = without_token(answer.error, token_);
      return result;
    case HttpAnswer::Outcome::answered:
      break;
  }
  return interpret(answer.status, answer.body);
}

std::string TelegramClient::request_url(std::string_view method) const {
  return fmt::format("{}/bot{}/{}", api_base_, token_, method);
}

ApiResult TelegramClient::get_updates(std::optional<std::int64_t> offset, int timeout_s) const {
  json params = {{"timeout", timeout_s}};
  if (offset) params["offset"] = *offset;
  return call("getUpdates", params, std::chrono::seconds(timeout_s));
}

ApiResult TelegramClient::send_message(const json& params) const {
  return call("sendMessage", params, std::chrono::seconds(0));
}

}  // namespace tas::reference_agent
