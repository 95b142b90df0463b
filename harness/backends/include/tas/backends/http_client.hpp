#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace tas {

struct HttpRequest {
  std::string method = "GET";
  std::string url;  // may carry a secret (a Bot API URL does): it is never put into an error
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::chrono::milliseconds timeout{10000};
};

struct HttpResponse {
  long status = 0;  // 0 when no response arrived
  std::string body;
  std::string error;  // why no response arrived (its kind, then libcurl's words); never the URL
  // No response arrived because the timeout passed: "too slow", not "nobody there".
  bool timed_out = false;
};

// One HTTP request with libcurl. Never throws for network trouble: that is a response with
// status 0 and a reason.
[[nodiscard]] HttpResponse http_request(const HttpRequest& request);

}  // namespace tas
