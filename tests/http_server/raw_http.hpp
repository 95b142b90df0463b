#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace tas::test {

// Writes all of `text` to the socket `fd`; false when the peer is gone.
bool send_all(int fd, std::string_view text);

// Reads one HTTP response from `fd` — headers, then a body of its Content-Length — for a test
// that needs the exact bytes (an interim 100 Continue, a malformed request's answer). "" when
// the connection closed first or nothing came within `timeout`.
[[nodiscard]] std::string read_response(
    int fd, std::chrono::milliseconds timeout = std::chrono::seconds(10));

// Whether the peer closed the connection: a read sees end-of-file (or a reset) within `timeout`.
[[nodiscard]] bool sees_end_of_file(int fd,
                                    std::chrono::milliseconds timeout = std::chrono::seconds(10));

}  // namespace tas::test
