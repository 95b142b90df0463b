#include "envelope.hpp"

namespace tas::fake::detail {
namespace {

http_server::HttpResponse json_response(int status, const nlohmann::json& body) {
  return {.status = status, .content_type = "application/json", .body = body.dump(), .headers = {}};
}

}  // namespace

http_server::HttpResponse ok_response(const nlohmann::json& result, std::string_view description) {
  nlohmann::json body = {{"ok", true}, {"result", result}};
  if (!description.empty()) body["description"] = description;
  return json_response(200, body);
}

http_server::HttpResponse error_response(const ApiError& error) {
  nlohmann::json body = {
      {"ok", false}, {"error_code", error.code()}, {"description", error.description()}};
  if (error.retry_after()) body["parameters"] = {{"retry_after", *error.retry_after()}};
  return json_response(error.code(), body);
}

}  // namespace tas::fake::detail
