#include <algorithm>
#include <cctype>

#include <tas/http_server/http_message.hpp>

namespace tas::http_server {

const std::string* HttpRequest::header(std::string_view name) const {
  const auto same_name = [name](const HttpHeader& header) {
    return std::equal(header.name.begin(), header.name.end(), name.begin(), name.end(),
                      [](unsigned char a, unsigned char b) {
                        return std::tolower(a) == std::tolower(b);
                      });
  };
  const auto found = std::find_if(headers.begin(), headers.end(), same_name);
  return found == headers.end() ? nullptr : &found->value;
}

}  // namespace tas::http_server
