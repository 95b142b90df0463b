#pragma once

#include <exception>
#include <optional>
#include <string>
#include <string_view>

namespace tas::fake::detail {

// The descriptions real Telegram puts into its error envelopes (the table in docs/fake-telegram.md,
// 'What it implements'). Clients match on these strings, so they are copied verbatim.
namespace description {
inline constexpr std::string_view kUnauthorized = "Unauthorized";
inline constexpr std::string_view kNotFound = "Not Found";
inline constexpr std::string_view kConflictOtherPoll =
    "Conflict: terminated by other getUpdates request; make sure that only one bot instance is "
    "running";
inline constexpr std::string_view kConflictWebhookActive =
    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete "
    "the webhook first";
inline constexpr std::string_view kConflictSetWebhook =
    "Conflict: terminated by setWebhook request";
inline constexpr std::string_view kChatIdEmpty = "Bad Request: chat_id is empty";
inline constexpr std::string_view kTextEmpty = "Bad Request: message text is empty";
inline constexpr std::string_view kTextTooLong = "Bad Request: message is too long";
inline constexpr std::string_view kChatNotFound = "Bad Request: chat not found";
inline constexpr std::string_view kThreadNotFound = "Bad Request: message thread not found";
inline constexpr std::string_view kReplyNotFound = "Bad Request: message to be replied not found";
inline constexpr std::string_view kHttpsWebhook =
    "Bad Request: bad webhook: An HTTPS URL must be provided for webhook";
}  // namespace description

// A Bot API call fails: becomes {"ok":false,"error_code":code,"description":...} with HTTP status
// `code`, plus parameters.retry_after for flood control.
class ApiError : public std::exception {
 public:
  ApiError(int code, std::string_view description, std::optional<int> retry_after = std::nullopt)
      : code_(code), description_(description), retry_after_(retry_after) {}

  [[nodiscard]] int code() const { return code_; }
  [[nodiscard]] const std::string& description() const { return description_; }
  [[nodiscard]] std::optional<int> retry_after() const { return retry_after_; }
  [[nodiscard]] const char* what() const noexcept override { return description_.c_str(); }

 private:
  int code_;
  std::string description_;
  std::optional<int> retry_after_;
};

}  // namespace tas::fake::detail
