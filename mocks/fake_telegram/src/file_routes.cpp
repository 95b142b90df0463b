#include "file_routes.hpp"

#include "api_error.hpp"
#include "envelope.hpp"
#include "world.hpp"
#include <httplib.h>

namespace tas::fake::detail {

void install_file_routes(httplib::Server& server, World& world) {
  server.Get(R"(/file/bot([^/]*)/(.+))", [&world](const httplib::Request& request,
                                                  httplib::Response& response) {
    const auto file = world.download(request.matches[1].str(), request.matches[2].str());
    if (!file) {
      write_error(response, ApiError(404, description::kNotFound));
      return;
    }
    response.status = 200;
    response.set_content(
        file->bytes, file->content_type.empty() ? "application/octet-stream" : file->content_type);
  });
}

}  // namespace tas::fake::detail
