#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace tas::reference_agent {

// The answer to one Bot API call.
struct ApiResult {
  enum class Outcome {
    ok,               // {"ok": true, "result": ...}
    api_error,        // {"ok": false, "error_code": N, "description": ...} or an HTTP error
    transport_error,  // no HTTP answer (connection refused, timeout, not JSON)
    aborted,          // a stop was requested while the call was in flight
  };
  Outcome outcome = Outcome::transport_error;
  long http_status = 0;
  nlohmann::json result;
  std::string description;  // the API's description or the transport error; never the token
  std::optional<int> retry_after_s;  // parameters.retry_after of a 429

  [[nodiscard]] bool ok() const { return outcome == Outcome::ok; }
  // What went wrong, for a log line: "409 Conflict: terminated by other getUpdates request; ...",
  // "401 Unauthorized", "transport error: Couldn't connect to server ...".
  [[nodiscard]] std::string failure() const;
};

// A Telegram Bot API client over libcurl. The request URL (<api>/bot<token>/<method>) contains the
// token, so it is built per call, kept in memory and never logged: callers log the method name
// and ApiResult::failure() only. Safe to use from several threads (one curl handle per call).
class TelegramClient {
 public:
  // `stop` aborts calls in flight (a long poll ends within about a second of the request).
  TelegramClient(std::string api_base, std::string token, std::stop_token stop);

  [[nodiscard]] ApiResult call(std::string_view method, const nlohmann::json& params,
                               std::chrono::seconds timeout) const;

  // getUpdates with `offset` (confirming every update below it) and a long-poll `timeout_s`.
  [[nodiscard]] ApiResult get_updates(std::optional<std::int64_t> offset, int timeout_s) const;

  [[nodiscard]] ApiResult send_message(const nlohmann::json& params) const;

  // The request URL of `method`, token included. Only the leakTokenOnMessage fault uses it: it
  // stands for the library whose error message quotes its request.
  [[nodiscard]] std::string request_url(std::string_view method) const;

 private:
  std::string api_base_;
  std::string token_;
  std::stop_token stop_;
};

}  // namespace tas::reference_agent
