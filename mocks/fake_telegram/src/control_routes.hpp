#pragma once

#include <functional>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include <tas/http_server/http_message.hpp>

namespace tas::fake::detail {

class World;

// The user-side control API under /_control/ (JSON in, the Bot API envelope out) for when the fake
// runs as its own process. Each endpoint is one FakeTelegramServer method; see
// docs/fake-telegram.md. Some wait (for a bot's reply, a callback answer, parked polls), so a
// call is answered on a thread of its own, never on the server's.
class ControlApi {
 public:
  // `on_stop_requested` may be empty: then /_control/stop answers 404.
  ControlApi(World& world, std::function<void()> on_stop_requested);

  // Answers `request`, whose path starts with /_control/; blocks while the call waits.
  [[nodiscard]] http_server::HttpResponse answer(const http_server::HttpRequest& request) const;

 private:
  using Action = std::function<nlohmann::json(const nlohmann::json& body)>;
  struct Endpoint {
    Action action;
    bool takes_get = false;  // GET too, arguments in the query string
  };
  std::map<std::string, Endpoint, std::less<>> endpoints_;  // by path
};

}  // namespace tas::fake::detail
