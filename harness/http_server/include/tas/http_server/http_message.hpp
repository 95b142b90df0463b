#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tas::http_server {

struct HttpHeader {
  std::string name;
  std::string value;
};

// A request as it arrived, whole: the server has read its body (de-chunked) before a handler sees
// it. Decoding parameters is the handler's business (form_data.hpp).
struct HttpRequest {
  std::string method;  // as sent: "GET", "POST", …
  std::string target;  // as sent: the path and the query string
  std::string path;    // the target up to '?', not percent-decoded
  std::string query;   // after '?', empty when there is none
  std::vector<HttpHeader> headers;
  std::string body;
  std::string remote_address;
  int remote_port = 0;

  // The first header called `name` (in any case), or null.
  [[nodiscard]] const std::string* header(std::string_view name) const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type;  // none sent when empty
  std::string body;
  std::vector<HttpHeader> headers;  // any others
};

}  // namespace tas::http_server
