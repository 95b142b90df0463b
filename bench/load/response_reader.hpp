// Reads one HTTP/1.1 response at a time from the bytes of a connection as they arrive: the status
// line, the headers that say where the body ends (Content-Length, Transfer-Encoding: chunked, or
// the close of the connection), and the body, which is skipped rather than kept — the load
// generator only needs to know that a response is whole, its status, and whether the server will
// close the connection after it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace tas::bench {

class ResponseReader {
 public:
  enum class Step {
    more,  // the response is not whole yet
    done,  // the response is whole: status() and server_closes() tell about it
    bad,   // not HTTP/1.x as expected: the connection cannot be trusted any more
  };

  // Takes bytes of the response; `used` says how many it took (fewer than given only once done).
  Step feed(std::string_view bytes, std::size_t& used);
  // The server closed the connection: whole if the body was meant to run until then.
  Step at_close();
  // Ready for the next response on the same connection.
  void restart();

  int status() const { return status_; }
  // Connection: close (or HTTP/1.0 without keep-alive, or a body that ends at the close).
  bool server_closes() const { return server_closes_; }

 private:
  enum class Part { head, fixed_body, chunk_size, chunk_data, chunk_end, trailers, body_to_close };

  Step take_head(std::string_view bytes, std::size_t& used);
  Step parse_head(std::string_view head);
  Step take_line(std::string_view bytes, std::size_t& used, std::size_t limit, bool& whole);
  Step take_chunk_size();

  Part part_ = Part::head;
  std::string line_;  // the head so far, or the chunk-size line or trailer line so far
  std::uint64_t remaining_ = 0;
  int status_ = 0;
  bool server_closes_ = false;
};

}  // namespace tas::bench
