#pragma once

#include <chrono>
#include <stop_token>
#include <string>

namespace tas::reference_agent {

struct HttpAnswer {
  enum class Outcome {
    answered,  // an HTTP answer, whatever its status
    failed,    // no answer: connection refused, timeout, ...
    aborted,   // a stop was requested while the request was in flight
  };
  Outcome outcome = Outcome::failed;
  long status = 0;
  std::string body;
  std::string error;  // libcurl's message when failed; it names the host, never the path
};

// POSTs a JSON body over libcurl. `stop` aborts the request in flight (libcurl checks it about
// once a second, and at once whenever data moves). Never logs anything: the URL may hold a token.
[[nodiscard]] HttpAnswer http_post_json(const std::string& url, const std::string& body,
                                        std::chrono::milliseconds timeout,
                                        const std::stop_token& stop);

// Initializes libcurl for the process; construct one on the main thread before any other thread.
class CurlGlobal {
 public:
  CurlGlobal();
  CurlGlobal(const CurlGlobal&) = delete;
  CurlGlobal& operator=(const CurlGlobal&) = delete;
  ~CurlGlobal();
};

}  // namespace tas::reference_agent
