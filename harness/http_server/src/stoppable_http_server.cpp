#include <array>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <system_error>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <tas/http_server/socket_stream.hpp>
#include <tas/http_server/stoppable_http_server.hpp>

namespace tas::http_server {
namespace {

int to_ms(time_t seconds, time_t microseconds) {
  return static_cast<int>(seconds * 1000 + microseconds / 1000);
}

}  // namespace

StoppableHttpServer::StoppableHttpServer() : wake_fd_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {
  if (wake_fd_ < 0) throw std::system_error(errno, std::generic_category(), "eventfd");
}

StoppableHttpServer::~StoppableHttpServer() {
  ::close(wake_fd_);
}

void StoppableHttpServer::stop_connections() {
  stopping_ = true;
  const std::uint64_t one = 1;
  // Never read back, so the eventfd stays readable and every later wait ends at once too.
  [[maybe_unused]] const auto written = ::write(wake_fd_, &one, sizeof(one));
}

bool StoppableHttpServer::wait_for_request(socket_t sock) const {
  std::array<pollfd, 2> fds{pollfd{.fd = sock, .events = POLLIN, .revents = 0},
                            pollfd{.fd = wake_fd_, .events = POLLIN, .revents = 0}};
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(keep_alive_timeout_sec_);
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0 || stopping_) return false;
    const int ready = ::poll(fds.data(), fds.size(), static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) return false;
    if (fds[1].revents != 0) return false;  // stopping
    // Readable: a request, or the peer's end-of-file, which process_request then sees.
    return fds[0].revents != 0;
  }
}

bool StoppableHttpServer::peer_hung_up(const std::string& ip, int port) const {
  std::lock_guard lock(connections_mutex_);
  const auto found = connections_.find({ip, port});
  if (found == connections_.end()) return false;
  // The client has sent its whole request and waits: nothing to read, unless it closed its end.
  pollfd peer{.fd = found->second, .events = POLLRDHUP, .revents = 0};
  return ::poll(&peer, 1, 0) > 0 && (peer.revents & (POLLRDHUP | POLLHUP | POLLERR)) != 0;
}

bool StoppableHttpServer::process_and_close_socket(socket_t sock) {
  // httplib writes a response's headers and its body in two writes. With Nagle's algorithm on, the
  // second waits for the client's ACK of the first, which a client that keeps the connection
  // alive delays by ~40 ms: every kept-alive request would cost that. Loopback wants no batching.
  const int no_delay = 1;
  ::setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &no_delay, sizeof(no_delay));
  // The same loop as httplib's own, but its wait is interruptible (see the header).
  std::pair<std::string, int> peer;
  SocketStream(sock, 0, 0).get_remote_ip_and_port(peer.first, peer.second);
  {
    std::lock_guard lock(connections_mutex_);
    connections_[peer] = sock;
  }
  bool ok = false;
  for (auto remaining = keep_alive_max_count_; remaining > 0; --remaining) {
    if (svr_sock_ == INVALID_SOCKET || !wait_for_request(sock)) break;
    SocketStream stream(sock, to_ms(read_timeout_sec_, read_timeout_usec_),
                        to_ms(write_timeout_sec_, write_timeout_usec_));
    // The last request on a connection (or any while stopping) says "Connection: close".
    const bool close_connection = remaining == 1 || stopping_ || one_request_per_connection_;
    bool connection_closed = false;
    ok = process_request(stream, close_connection, connection_closed, nullptr);
    if (!ok || connection_closed || stopping_) break;
  }
  {
    std::lock_guard lock(connections_mutex_);
    connections_.erase(peer);
  }
  ::shutdown(sock, SHUT_RDWR);
  ::close(sock);
  return ok;
}

}  // namespace tas::http_server
