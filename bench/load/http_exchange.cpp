#include "http_exchange.hpp"

#include <array>
#include <cerrno>

#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace tas::bench {

namespace {

// A server that refuses connections is asked again this much later, not in a busy loop.
constexpr auto kRetryDelay = std::chrono::milliseconds(10);
// A Bot API answer fits many times over; a longer one takes several reads.
constexpr std::size_t kReadSize = 16 * 1024;

}  // namespace

HttpExchange::HttpExchange(int epoll_fd, const sockaddr_in& server, std::string_view request,
                           LoadTally& tally)
    : epoll_fd_(epoll_fd), server_(server), request_(request), tally_(tally) {}

HttpExchange::~HttpExchange() {
  close_socket();
}

void HttpExchange::start() {
  connect();
}

void HttpExchange::on_events(std::uint32_t events) {
  switch (state_) {
    case State::waiting_to_retry:
      return;
    case State::connecting: {
      int error = 0;
      socklen_t size = sizeof error;
      if (::getsockopt(socket_, SOL_SOCKET, SO_ERROR, &error, &size) != 0 || error != 0 ||
          (events & (EPOLLERR | EPOLLHUP)) != 0) {
        fail_and_wait();
      } else if ((events & EPOLLOUT) != 0) {
        begin_call();
      }
      return;
    }
    case State::sending:
      send_rest();
      return;
    case State::receiving:
      receive();
      return;
  }
}

void HttpExchange::retry_if_due(Clock::time_point now) {
  if (state_ == State::waiting_to_retry && now >= retry_at_) connect();
}

bool HttpExchange::unanswered_since(Clock::time_point cutoff) const {
  return (state_ == State::sending || state_ == State::receiving) && sent_at_ < cutoff;
}

void HttpExchange::connect() {
  close_socket();
  socket_ = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (socket_ >= 0) {
    // Requests go out in one write and must not wait for the previous answer's ACK (Nagle).
    const int on = 1;
    ::setsockopt(socket_, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    const int connected =
        ::connect(socket_, reinterpret_cast<const sockaddr*>(&server_), sizeof server_);
    // Registered after connect, edge-triggered: a connection that is already open reports itself
    // at once; one still opening reports when it is, so either way the first send waits for
    // epoll (and a failing server cannot make this call itself again and again).
    epoll_event event{};
    event.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
    event.data.ptr = this;
    if ((connected == 0 || errno == EINPROGRESS) &&
        ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, socket_, &event) == 0) {
      state_ = State::connecting;
      return;
    }
  }
  fail_and_wait();
}

void HttpExchange::fail_and_wait() {
  ++tally_.failures;
  close_socket();
  state_ = State::waiting_to_retry;
  retry_at_ = Clock::now() + kRetryDelay;
}

void HttpExchange::begin_call() {
  state_ = State::sending;
  reader_.restart();
  sent_bytes_ = 0;
  sent_at_ = Clock::now();
  send_rest();
}

void HttpExchange::send_rest() {
  while (sent_bytes_ < request_.size()) {
    const auto sent =
        ::send(socket_, request_.data() + sent_bytes_, request_.size() - sent_bytes_, MSG_NOSIGNAL);
    if (sent > 0) {
      sent_bytes_ += static_cast<std::size_t>(sent);
    } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
      return;  // the rest once the socket reports it can take more
    } else if (errno != EINTR) {
      fail_and_reconnect();
      return;
    }
  }
  state_ = State::receiving;
}

void HttpExchange::receive() {
  std::array<char, kReadSize> buffer;
  for (;;) {
    const auto got = ::recv(socket_, buffer.data(), buffer.size(), 0);
    if (got > 0) {
      const auto size = static_cast<std::size_t>(got);
      std::size_t used = 0;
      const auto step = reader_.feed({buffer.data(), size}, used);
      if (step == ResponseReader::Step::more) continue;
      // Bytes after the response were never asked for: the connection is out of step.
      if (step == ResponseReader::Step::bad || used != size) {
        fail_and_reconnect();
      } else {
        finish_call();
      }
      return;
    }
    if (got == 0) {
      if (reader_.at_close() == ResponseReader::Step::done) {
        finish_call();
      } else {
        fail_and_reconnect();
      }
      return;
    }
    if (errno == EAGAIN || errno == EWOULDBLOCK) return;  // the rest when it arrives
    if (errno != EINTR) {
      fail_and_reconnect();
      return;
    }
  }
}

void HttpExchange::finish_call() {
  const auto took = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - sent_at_);
  if (reader_.status() == 200) {
    tally_.latencies_us.push_back(took.count());
  } else {
    ++tally_.failures;
  }
  if (reader_.server_closes()) {
    connect();
  } else {
    begin_call();
  }
}

void HttpExchange::fail_and_reconnect() {
  ++tally_.failures;
  connect();
}

void HttpExchange::close_socket() {
  if (socket_ >= 0) ::close(socket_);
  socket_ = -1;
}

}  // namespace tas::bench
