#pragma once

#include <string_view>

#include "api_error.hpp"
#include <nlohmann/json.hpp>

namespace httplib {
struct Response;
}

namespace tas::fake::detail {

// Writes the Bot API envelope — the control API uses the same one, so that one client
// reads both. `description` is Telegram's optional human text on success ("Webhook was set").
void write_ok(httplib::Response& response, const nlohmann::json& result,
              std::string_view description = {});
void write_error(httplib::Response& response, const ApiError& error);

}  // namespace tas::fake::detail
