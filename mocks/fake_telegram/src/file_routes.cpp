#include "file_routes.hpp"

#include "api_error.hpp"
#include "envelope.hpp"
#include "world.hpp"

namespace tas::fake::detail {

http_server::HttpResponse serve_file(World& world, std::string_view token,
                                     std::string_view file_path) {
  const auto file = world.download(token, std::string(file_path));
  if (!file) return error_response(ApiError(404, description::kNotFound));
  return {
      .status = 200,
      .content_type = file->content_type.empty() ? "application/octet-stream" : file->content_type,
      .body = file->bytes,
      .headers = {}};
}

}  // namespace tas::fake::detail
