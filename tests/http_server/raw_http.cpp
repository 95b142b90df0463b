#include "raw_http.hpp"

#include <cctype>
#include <cerrno>
#include <string>

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace tas::test {
namespace {

using Clock = std::chrono::steady_clock;

// Reads what is there within the time left; 0 at end-of-file, -1 on timeout or error.
ssize_t read_some(int fd, char* buffer, std::size_t size, Clock::time_point deadline) {
  const auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  pollfd readable{.fd = fd, .events = POLLIN, .revents = 0};
  if (left <= 0 || ::poll(&readable, 1, static_cast<int>(left)) <= 0) return -1;
  return ::recv(fd, buffer, size, 0);
}

std::size_t content_length(const std::string& headers) {
  std::string lower;
  for (const char c : headers)
    lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const auto at = lower.find("\r\ncontent-length:");
  if (at == std::string::npos) return 0;
  return std::stoul(lower.substr(at + 17));
}

}  // namespace

bool send_all(int fd, std::string_view text) {
  while (!text.empty()) {
    const auto sent = ::send(fd, text.data(), text.size(), MSG_NOSIGNAL);
    if (sent < 0 && errno == EINTR) continue;
    if (sent <= 0) return false;
    text.remove_prefix(static_cast<std::size_t>(sent));
  }
  return true;
}

std::string read_response(int fd, std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  std::string received;
  char buffer[4096];
  // One byte at a time until the headers end, so that nothing of a next response is taken.
  while (received.find("\r\n\r\n") == std::string::npos) {
    if (read_some(fd, buffer, 1, deadline) != 1) return "";
    received += buffer[0];
  }
  const auto header_end = received.find("\r\n\r\n") + 4;
  const auto body_size = content_length(received.substr(0, header_end));
  while (received.size() < header_end + body_size) {
    const auto wanted = std::min(sizeof(buffer), header_end + body_size - received.size());
    const auto got = read_some(fd, buffer, wanted, deadline);
    if (got <= 0) return "";
    received.append(buffer, static_cast<std::size_t>(got));
  }
  return received;
}

bool sees_end_of_file(int fd, std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  char buffer[256];
  for (;;) {
    const auto got = read_some(fd, buffer, sizeof(buffer), deadline);
    if (got == 0 || (got < 0 && errno == ECONNRESET)) return true;
    if (got < 0) return false;
  }
}

}  // namespace tas::test
