#pragma once

namespace httplib {
class Server;
}

namespace tas::fake::detail {

class World;

// Serves `GET /file/bot<token>/<file_path>`: the bytes of a file a bot uploaded, at the path
// getFile named. An unknown token or path is Telegram's 404 envelope.
void install_file_routes(httplib::Server& server, World& world);

}  // namespace tas::fake::detail
