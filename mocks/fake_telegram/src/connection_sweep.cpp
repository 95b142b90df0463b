#include "connection_sweep.hpp"

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <charconv>
#include <cstring>
#include <memory>
#include <optional>
#include <string_view>

namespace tas::fake::detail {
namespace {

struct Endpoint {
  std::string address;
  int port = -1;
};

// The address as httplib writes Request::remote_addr: numeric.
std::optional<Endpoint> endpoint_of(const sockaddr_storage& address) {
  char text[INET6_ADDRSTRLEN] = {};
  if (address.ss_family == AF_INET) {
    sockaddr_in in{};
    std::memcpy(&in, &address, sizeof(in));
    ::inet_ntop(AF_INET, &in.sin_addr, text, sizeof(text));
    return Endpoint{text, ntohs(in.sin_port)};
  }
  if (address.ss_family == AF_INET6) {
    sockaddr_in6 in6{};
    std::memcpy(&in6, &address, sizeof(in6));
    ::inet_ntop(AF_INET6, &in6.sin6_addr, text, sizeof(text));
    return Endpoint{text, ntohs(in6.sin6_port)};
  }
  return std::nullopt;
}

std::optional<Endpoint> local_end(int fd) {
  sockaddr_storage address{};
  socklen_t length = sizeof(address);
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) return std::nullopt;
  return endpoint_of(address);
}

std::optional<Endpoint> peer_end(int fd) {
  sockaddr_storage address{};
  socklen_t length = sizeof(address);
  if (::getpeername(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) return std::nullopt;
  return endpoint_of(address);
}

}  // namespace

void ConnectionActivity::begin(const std::string& peer_address, int peer_port) {
  std::lock_guard lock(mutex_);
  busy_.emplace(peer_address, peer_port);
}

void ConnectionActivity::end(const std::string& peer_address, int peer_port) {
  std::lock_guard lock(mutex_);
  const auto it = busy_.find({peer_address, peer_port});
  if (it != busy_.end()) busy_.erase(it);
}

bool ConnectionActivity::busy(const std::string& peer_address, int peer_port) const {
  std::lock_guard lock(mutex_);
  return busy_.contains({peer_address, peer_port});
}

void shut_down_idle_connections(int port, const ConnectionActivity& activity) {
  const std::unique_ptr<DIR, int (*)(DIR*)> fds(::opendir("/proc/self/fd"), &::closedir);
  if (!fds) return;
  while (const dirent* entry = ::readdir(fds.get())) {
    const std::string_view name = entry->d_name;
    int fd = -1;
    const auto [end, error] = std::from_chars(name.data(), name.data() + name.size(), fd);
    if (error != std::errc{} || end != name.data() + name.size()) continue;  // "." and ".."
    struct stat status {};
    if (::fstat(fd, &status) != 0 || !S_ISSOCK(status.st_mode)) continue;
    // A client socket of this process talking to the fake has an ephemeral local port, which
    // cannot be the fake's: only the fake's own connections match.
    const auto local = local_end(fd);
    if (!local || local->port != port) continue;
    const auto peer = peer_end(fd);
    if (!peer || activity.busy(peer->address, peer->port)) continue;
    ::shutdown(fd, SHUT_RD);
  }
}

}  // namespace tas::fake::detail
