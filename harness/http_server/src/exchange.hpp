#pragma once

#include <atomic>
#include <functional>
#include <memory>

#include "connection.hpp"
#include "server_state.hpp"

#include <tas/http_server/pending_response.hpp>

namespace tas::http_server::detail {

// The PendingResponse a handler gets. It holds its connection and the server weakly: a handler
// may keep it past the server's end (a parked poll in a world that outlives it), and answering
// then is a no-op rather than a use of a closed socket.
class Exchange final : public PendingResponse {
 public:
  Exchange(const std::shared_ptr<ServerState>& server,
           const std::shared_ptr<Connection>& connection, HttpRequest request);
  // An exchange dropped unanswered is answered 500, so no client waits for a response that
  // will never come.
  ~Exchange() override;
  Exchange(const Exchange&) = delete;
  Exchange& operator=(const Exchange&) = delete;

  [[nodiscard]] const HttpRequest& request() const override { return request_; }
  [[nodiscard]] HttpRequest& mutable_request() override { return request_; }
  void respond(HttpResponse response) override;
  void on_no_response_within(std::chrono::milliseconds delay,
                             std::function<void()> on_timeout) override;
  [[nodiscard]] bool peer_hung_up() const override;

 private:
  // Runs `work` on the server's thread with the connection, if both are still there.
  void on_connection(std::function<void(Connection&)> work) const;

  std::weak_ptr<ServerState> server_;
  std::weak_ptr<Connection> connection_;
  HttpRequest request_;
  std::atomic<bool> responded_{false};
  std::weak_ptr<Exchange> self_;

  friend std::shared_ptr<Exchange> make_exchange(const std::shared_ptr<ServerState>&,
                                                 const std::shared_ptr<Connection>&, HttpRequest);
};

[[nodiscard]] std::shared_ptr<Exchange> make_exchange(const std::shared_ptr<ServerState>& server,
                                                      const std::shared_ptr<Connection>& connection,
                                                      HttpRequest request);

}  // namespace tas::http_server::detail
