#pragma once

#include <memory>
#include <string_view>

#include <tas/http_server/pending_response.hpp>

namespace tas::fake::detail {

class World;

// Answers `GET|POST /bot<token>/<method>` exactly as api.telegram.org shapes it: method names are
// case-insensitive, an unregistered token is 401, an unknown method 404. Every method answers at
// once except a getUpdates that parks: it is answered when updates come, when it is ended, or when
// its timeout passes — holding no thread meanwhile.
void serve_bot_call(World& world, const std::shared_ptr<http_server::PendingResponse>& pending,
                    std::string_view token, std::string_view method_name);

}  // namespace tas::fake::detail
