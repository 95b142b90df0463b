#include "reply_markup.hpp"

#include <array>

#include "api_error.hpp"

namespace tas::fake::detail {
namespace {

// The fields that make an inline button do something; a button with none is a text button.
constexpr std::array<std::string_view, 10> kInlineButtonActions = {
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "callback_game",
    "pay",
    "copy_text",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat"};
constexpr std::size_t kMaxCallbackDataBytes = 64;

[[noreturn]] void reject(std::string_view description) {
  throw ApiError(400, std::string("Bad Request: ") + std::string(description));
}

nlohmann::json inline_button(const nlohmann::json& button) {
  constexpr std::string_view kPrefix = "Can't parse inline keyboard button: ";
  if (!button.is_object()) reject(std::string(kPrefix) + "InlineKeyboardButton must be an Object");
  const auto text = button.find("text");
  if (text == button.end()) reject(std::string(kPrefix) + "Can't find field \"text\"");
  if (!text->is_string()) reject(std::string(kPrefix) + "Field \"text\" must be of type String");
  nlohmann::json kept = {{"text", *text}};
  for (const auto action : kInlineButtonActions) {
    if (const auto it = button.find(action); it != button.end()) kept[std::string(action)] = *it;
  }
  if (kept.size() == 1) reject("Text buttons are unallowed in the inline keyboard");
  if (const auto data = kept.find("callback_data"); data != kept.end()) {
    if (!data->is_string() || data->get_ref<const std::string&>().empty() ||
        data->get_ref<const std::string&>().size() > kMaxCallbackDataBytes) {
      reject("BUTTON_DATA_INVALID");
    }
  }
  return kept;
}

nlohmann::json reply_button(const nlohmann::json& button) {
  if (button.is_string()) return {{"text", button}};
  if (!button.is_object() || !button.contains("text") || !button["text"].is_string()) {
    reject("Can't parse keyboard button: Can't find field \"text\"");
  }
  return button;
}

template <typename ReadButton>
nlohmann::json rows_of(const nlohmann::json& rows, std::string_view not_rows,
                       ReadButton read_button) {
  if (!rows.is_array()) reject(not_rows);
  auto kept = nlohmann::json::array();
  for (const auto& row : rows) {
    if (!row.is_array()) reject(not_rows);
    auto kept_row = nlohmann::json::array();
    for (const auto& button : row)
      kept_row.push_back(read_button(button));
    kept.push_back(std::move(kept_row));
  }
  return kept;
}

bool flag(const nlohmann::json& markup, const char* name) {
  const auto it = markup.find(name);
  return it != markup.end() && it->is_boolean() && it->get<bool>();
}

}  // namespace

nlohmann::json validated_reply_markup(const nlohmann::json& markup) {
  if (!markup.is_object()) reject("Object expected as reply markup");
  // Telegram reads every kind and keeps the first that is there, in this order.
  if (const auto keyboard = markup.find("keyboard"); keyboard != markup.end()) {
    auto kept = markup;
    kept["keyboard"] =
        rows_of(*keyboard, "Field \"keyboard\" must be an Array of Arrays", reply_button);
    if (!kept["keyboard"].empty()) return kept;
  }
  if (const auto keyboard = markup.find("inline_keyboard"); keyboard != markup.end()) {
    auto rows =
        rows_of(*keyboard,
                "Field \"inline_keyboard\" of the InlineKeyboardMarkup must be an Array of Arrays",
                inline_button);
    if (!rows.empty()) return {{"inline_keyboard", std::move(rows)}};
  }
  if (flag(markup, "remove_keyboard") || flag(markup, "force_reply")) return markup;
  return nullptr;
}

bool has_callback_button(const nlohmann::json& markup, std::string_view data) {
  if (!markup.is_object() || !markup.contains("inline_keyboard")) return false;
  for (const auto& row : markup["inline_keyboard"]) {
    for (const auto& button : row) {
      if (button.value("callback_data", std::string()) == data) return true;
    }
  }
  return false;
}

}  // namespace tas::fake::detail
