#include "exchange.hpp"

#include <boost/asio/post.hpp>

namespace tas::http_server::detail {

Exchange::Exchange(const std::shared_ptr<ServerState>& server,
                   const std::shared_ptr<Connection>& connection, HttpRequest request)
    : server_(server), connection_(connection), request_(std::move(request)) {}

std::shared_ptr<Exchange> make_exchange(const std::shared_ptr<ServerState>& server,
                                        const std::shared_ptr<Connection>& connection,
                                        HttpRequest request) {
  auto exchange = std::make_shared<Exchange>(server, connection, std::move(request));
  exchange->self_ = exchange;
  return exchange;
}

Exchange::~Exchange() {
  if (responded_) return;
  HttpResponse unanswered{.status = 500,
                          .content_type = "text/plain",
                          .body = "the server dropped this request without answering it\n",
                          .headers = {}};
  on_connection([response = std::move(unanswered)](Connection& connection) mutable {
    connection.send(std::move(response));
  });
}

void Exchange::respond(HttpResponse response) {
  if (responded_.exchange(true)) return;
  on_connection([response = std::move(response)](Connection& connection) mutable {
    connection.send(std::move(response));
  });
}

void Exchange::on_no_response_within(std::chrono::milliseconds delay,
                                     std::function<void()> on_timeout) {
  on_connection([delay, self = self_, on_timeout = std::move(on_timeout)](Connection& connection) {
    connection.arm_response_timeout(delay, [self, on_timeout] {
      const auto exchange = self.lock();
      if (exchange && !exchange->responded_) on_timeout();
    });
  });
}

bool Exchange::peer_hung_up() const {
  const auto connection = connection_.lock();
  return !connection || connection->peer_hung_up();
}

void Exchange::on_connection(std::function<void(Connection&)> work) const {
  const auto server = server_.lock();
  if (!server) return;
  boost::asio::post(server->io, [connection = connection_, work = std::move(work)] {
    if (const auto alive = connection.lock()) work(*alive);
  });
}

}  // namespace tas::http_server::detail
