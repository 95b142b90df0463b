#include "server_state.hpp"

#include <cerrno>
#include <vector>

#include "connection.hpp"
#include <boost/asio/post.hpp>
#include <sys/socket.h>

namespace tas::http_server::detail {

ServerState::ServerState(Handler handler_in, HttpServerOptions options_in)
    : handler(std::move(handler_in)), options(std::move(options_in)) {}

void ServerState::start_accepting(int fd) {
  sockaddr_storage address{};
  socklen_t length = sizeof(address);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  const auto protocol = address.ss_family == AF_INET6 ? boost::asio::ip::tcp::v6()
                                                      : boost::asio::ip::tcp::v4();
  acceptor_.assign(protocol, fd);
  accept_next();
}

void ServerState::accept_next() {
  if (stopping || accepting_paused_) return;
  acceptor_.async_wait(boost::asio::ip::tcp::acceptor::wait_read,
                       [self = shared_from_this()](boost::system::error_code error) {
                         if (!error) self->accept_waiting();
                       });
}

void ServerState::accept_waiting() {
  // accept4 rather than Asio's accept: the socket must be close-on-exec from its first moment,
  // or a child spawned by another thread in between inherits it.
  while (!stopping) {
    if (connections_.size() >= options.max_connections) {
      accepting_paused_ = true;  // resumed by forget()
      return;
    }
    const int fd = ::accept4(acceptor_.native_handle(), nullptr, nullptr,
                             SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      break;  // EAGAIN: all accepted. Out of descriptors: the next readiness retries.
    }
    boost::system::error_code error;
    boost::asio::ip::tcp::socket socket(io);
    socket.assign(acceptor_.local_endpoint(error).protocol(), fd, error);
    if (error) continue;  // assign closes nothing on failure
    auto connection = std::make_shared<Connection>(*this, std::move(socket));
    connections_.emplace(connection.get(), connection);
    connection->start();
  }
  accept_next();
}

void ServerState::forget(Connection* connection) {
  const auto found = connections_.find(connection);
  if (found == connections_.end()) return;
  // Destroyed later on this thread, not inside the call of its own close().
  boost::asio::post(io, [keep = std::move(found->second)] {});
  connections_.erase(found);
  if (accepting_paused_ && !stopping) {
    accepting_paused_ = false;
    accept_next();
  }
  finish_if_drained();
}

void ServerState::begin_stopping() {
  stopping = true;
  boost::system::error_code ignored;
  acceptor_.close(ignored);
  std::vector<std::shared_ptr<Connection>> open;
  for (const auto& [key, connection] : connections_)
    open.push_back(connection);
  for (const auto& connection : open)
    connection->close_if_idle();
}

void ServerState::drain(std::chrono::milliseconds grace) {
  draining_ = true;
  begin_stopping();
  grace_timer_.expires_after(grace);
  grace_timer_.async_wait([self = shared_from_this()](boost::system::error_code error) {
    if (error) return;
    std::vector<std::shared_ptr<Connection>> open;
    for (const auto& [key, connection] : self->connections_)
      open.push_back(connection);
    for (const auto& connection : open)
      connection->close();
  });
  finish_if_drained();
}

void ServerState::finish_if_drained() {
  if (!draining_ || !connections_.empty()) return;
  grace_timer_.cancel();
  keep_running_.reset();  // the thread returns once what is queued has run
}

}  // namespace tas::http_server::detail
