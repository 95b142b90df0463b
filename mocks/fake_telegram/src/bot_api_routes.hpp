#pragma once

namespace tas::http_server {
class StoppableHttpServer;
}

namespace tas::fake::detail {

using http_server::StoppableHttpServer;
class World;

// Serves `GET|POST /bot<token>/<method>` exactly as api.telegram.org shapes it: method
// names are case-insensitive, an unregistered token is 401, an unknown method 404. Also answers
// every other path with Telegram's 404 envelope, so it must be installed after the control routes.
void install_bot_api_routes(StoppableHttpServer& server, World& world);

}  // namespace tas::fake::detail
