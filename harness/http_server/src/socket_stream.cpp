#include <cerrno>
#include <cstring>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>

#include <tas/http_server/socket_stream.hpp>

namespace tas::http_server {
namespace {

bool wait_for(int sock, short events, int timeout_ms) {
  pollfd fd{.fd = sock, .events = events, .revents = 0};
  int ready = 0;
  do {
    ready = ::poll(&fd, 1, timeout_ms);
  } while (ready < 0 && errno == EINTR);
  return ready > 0;
}

// Numeric, the way httplib fills Request::remote_addr.
void describe(const sockaddr_storage& address, std::string& ip, int& port) {
  char text[INET6_ADDRSTRLEN] = {};
  if (address.ss_family == AF_INET) {
    sockaddr_in in{};
    std::memcpy(&in, &address, sizeof(in));
    ::inet_ntop(AF_INET, &in.sin_addr, text, sizeof(text));
    port = ntohs(in.sin_port);
  } else if (address.ss_family == AF_INET6) {
    sockaddr_in6 in6{};
    std::memcpy(&in6, &address, sizeof(in6));
    ::inet_ntop(AF_INET6, &in6.sin6_addr, text, sizeof(text));
    port = ntohs(in6.sin6_port);
  }
  ip = text;
}

}  // namespace

bool SocketStream::is_readable() const {
  return wait_for(sock_, POLLIN, read_timeout_ms_);
}

bool SocketStream::is_writable() const {
  return wait_for(sock_, POLLOUT, write_timeout_ms_);
}

ssize_t SocketStream::read(char* ptr, size_t size) {
  if (!is_readable()) return -1;
  ssize_t got = 0;
  do {
    got = ::recv(sock_, ptr, size, 0);
  } while (got < 0 && errno == EINTR);
  // Acknowledge at once what was read. A client with Nagle's algorithm on sends a request's body
  // only once its headers are acknowledged, and Linux would delay that ACK (~40 ms) to ride on a
  // response that cannot come before the body. The kernel turns quick ACKs off again by itself,
  // so this is said after every read.
  const int quick = 1;
  ::setsockopt(sock_, IPPROTO_TCP, TCP_QUICKACK, &quick, sizeof(quick));
  return got;
}

ssize_t SocketStream::write(const char* ptr, size_t size) {
  if (!is_writable()) return -1;
  ssize_t sent = 0;
  do {
    // MSG_NOSIGNAL: a client that hung up must not raise SIGPIPE in whatever process embeds us.
    sent = ::send(sock_, ptr, size, MSG_NOSIGNAL);
  } while (sent < 0 && errno == EINTR);
  return sent;
}

void SocketStream::get_remote_ip_and_port(std::string& ip, int& port) const {
  sockaddr_storage address{};
  socklen_t length = sizeof(address);
  if (::getpeername(sock_, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    describe(address, ip, port);
  }
}

void SocketStream::get_local_ip_and_port(std::string& ip, int& port) const {
  sockaddr_storage address{};
  socklen_t length = sizeof(address);
  if (::getsockname(sock_, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    describe(address, ip, port);
  }
}

}  // namespace tas::http_server
