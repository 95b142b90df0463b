#pragma once

#include <string_view>

#include <tas/http_server/http_message.hpp>

namespace tas::fake::detail {

class World;

// `GET /file/bot<token>/<file_path>`: the bytes of a file a bot uploaded, at the path getFile
// named. An unknown token or path is Telegram's 404 envelope.
[[nodiscard]] http_server::HttpResponse serve_file(World& world, std::string_view token,
                                                   std::string_view file_path);

}  // namespace tas::fake::detail
