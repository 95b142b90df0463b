#pragma once

#include <functional>
#include <memory>

#include "control_routes.hpp"

#include <tas/http_server/pending_response.hpp>

namespace tas::fake::detail {

class World;

// Sends each request to what answers it: /bot<token>/<method> to the Bot API, /file/bot<token>/…
// to the file downloads, /_control/… to the control API (on a thread of its own, since its calls
// may wait); anything else is Telegram's 404 envelope.
class RequestRouter {
 public:
  using RunBlocking = std::function<void(std::function<void()>)>;

  RequestRouter(World& world, RunBlocking run_blocking, std::function<void()> on_stop_requested);

  void route(const std::shared_ptr<http_server::PendingResponse>& pending) const;

 private:
  World& world_;
  RunBlocking run_blocking_;
  ControlApi control_;
};

}  // namespace tas::fake::detail
