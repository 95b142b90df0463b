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
inline constexpr std::string_view kMessageToEditNotFound = "Bad Request: message to edit not found";
inline constexpr std::string_view kMessageCantBeEdited = "Bad Request: message can't be edited";
inline constexpr std::string_view kNoTextToEdit =
    "Bad Request: there is no text in the message to edit";
inline constexpr std::string_view kMessageNotModified =
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message";
inline constexpr std::string_view kMessageToDeleteNotFound =
    "Bad Request: message to delete not found";
inline constexpr std::string_view kMessageToForwardNotFound =
    "Bad Request: message to forward not found";
inline constexpr std::string_view kMessageToCopyNotFound = "Bad Request: message to copy not found";
inline constexpr std::string_view kMessageToReactNotFound =
    "Bad Request: message to react not found";
inline constexpr std::string_view kMessageToPinNotFound = "Bad Request: message to pin not found";
inline constexpr std::string_view kMessageToUnpinNotFound =
    "Bad Request: message to unpin not found";
inline constexpr std::string_view kReactionInvalid = "Bad Request: REACTION_INVALID";
inline constexpr std::string_view kQueryInvalid =
    "Bad Request: query is too old and response timeout expired or query ID is invalid";
inline constexpr std::string_view kWrongChatAction =
    "Bad Request: Wrong parameter action in request";
inline constexpr std::string_view kUserNotFound = "Bad Request: user not found";
inline constexpr std::string_view kNoAdminsInPrivateChat =
    "Bad Request: there are no administrators in the private chat";
inline constexpr std::string_view kWrongFileIdentifier =
    "Bad Request: wrong file identifier/HTTP URL specified";
inline constexpr std::string_view kInvalidFileId = "Bad Request: invalid file_id";
inline constexpr std::string_view kImageProcessFailed = "Bad Request: IMAGE_PROCESS_FAILED";
inline constexpr std::string_view kBotCommandInvalid = "Bad Request: BOT_COMMAND_INVALID";
inline constexpr std::string_view kBotCommandDescriptionInvalid =
    "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID";
inline constexpr std::string_view kChatNotForum = "Bad Request: the chat is not a forum";
inline constexpr std::string_view kTopicClosed = "Bad Request: TOPIC_CLOSED";
inline constexpr std::string_view kTopicNotModified = "Bad Request: TOPIC_NOT_MODIFIED";
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
