#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

namespace tas::fake::detail {

// Checks a reply_markup as Telegram parses it — an object with an inline_keyboard, a keyboard,
// remove_keyboard or force_reply — and returns it as Telegram keeps it: buttons without the fields
// it drops, a reply keyboard's string buttons as {"text": ...}. Throws ApiError 400 with Telegram's
// description for what it rejects. Null when the markup asks for nothing.
[[nodiscard]] nlohmann::json validated_reply_markup(const nlohmann::json& markup);

// Whether the markup is an inline keyboard with a button carrying this callback_data.
[[nodiscard]] bool has_callback_button(const nlohmann::json& markup, std::string_view data);

}  // namespace tas::fake::detail
