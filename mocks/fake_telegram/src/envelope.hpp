#pragma once

#include <string_view>

#include "api_error.hpp"
#include <nlohmann/json.hpp>

#include <tas/http_server/http_message.hpp>

namespace tas::fake::detail {

// The Bot API envelope — the control API uses the same one, so that one client reads both.
// `description` is Telegram's optional human text on success ("Webhook was set").
[[nodiscard]] http_server::HttpResponse ok_response(const nlohmann::json& result,
                                                    std::string_view description = {});
[[nodiscard]] http_server::HttpResponse error_response(const ApiError& error);

}  // namespace tas::fake::detail
