#include "envelope.hpp"

#include <httplib.h>

namespace tas::fake::detail {

void write_ok(httplib::Response& response, const nlohmann::json& result,
              std::string_view description) {
  nlohmann::json body = {{"ok", true}, {"result", result}};
  if (!description.empty()) body["description"] = description;
  response.status = 200;
  response.set_content(body.dump(), "application/json");
}

void write_error(httplib::Response& response, const ApiError& error) {
  nlohmann::json body = {
      {"ok", false}, {"error_code", error.code()}, {"description", error.description()}};
  if (error.retry_after()) body["parameters"] = {{"retry_after", *error.retry_after()}};
  response.status = error.code();
  response.set_content(body.dump(), "application/json");
}

}  // namespace tas::fake::detail
