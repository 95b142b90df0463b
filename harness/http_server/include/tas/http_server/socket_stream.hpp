#pragma once

#include <string>

#include <httplib.h>
#include <sys/types.h>

namespace tas::http_server {

// httplib's Stream over a connected socket, with httplib's read and write timeouts. (httplib's
// own SocketStream lives in its compiled library and is not exported.) Each read and write waits
// in poll() first, so a stalled peer costs no CPU and cannot hold a worker past the timeout.
class SocketStream : public httplib::Stream {
 public:
  SocketStream(int sock, int read_timeout_ms, int write_timeout_ms)
      : sock_(sock), read_timeout_ms_(read_timeout_ms), write_timeout_ms_(write_timeout_ms) {}

  [[nodiscard]] bool is_readable() const override;
  [[nodiscard]] bool is_writable() const override;
  ssize_t read(char* ptr, size_t size) override;
  ssize_t write(const char* ptr, size_t size) override;
  void get_remote_ip_and_port(std::string& ip, int& port) const override;
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  [[nodiscard]] int socket() const override { return sock_; }

 private:
  int sock_;
  int read_timeout_ms_;
  int write_timeout_ms_;
};

}  // namespace tas::http_server
