#pragma once

#include <functional>

namespace httplib {
class Server;
}

namespace tas::fake::detail {

class World;

// Serves the user-side control API under /_control/ (JSON in, the Bot API envelope out) for when
// the fake runs as its own process. Each endpoint is one FakeTelegramServer method; see
// docs/fake-telegram.md. `on_stop_requested` may be empty: then /_control/stop answers 404.
void install_control_routes(httplib::Server& server, World& world,
                            std::function<void()> on_stop_requested);

}  // namespace tas::fake::detail
