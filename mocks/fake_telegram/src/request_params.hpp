#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include <tas/http_server/http_message.hpp>

namespace tas::fake::detail {

// A file sent as a multipart part with a file name, as a bot uploads a photo or document.
struct UploadedFile {
  std::string file_name{};
  std::string content_type{};
  std::string bytes{};
};

// A Bot API call's parameters, whichever of Telegram's four encodings they came in: query string,
// application/x-www-form-urlencoded, application/json or multipart/form-data. The first two and
// multipart carry only strings ("42", "true", "[\"message\"]"); the accessors accept those as well
// as typed JSON, as Telegram does.
class RequestParams {
 public:
  // Throws ApiError 400 when a body does not decode as its Content-Type says (a JSON body that is
  // not an object, a malformed form or multipart body).
  static RequestParams from(const http_server::HttpRequest& request);

  [[nodiscard]] bool has(std::string_view name) const;
  // Throws ApiError 400 naming the parameter when it is present but not an integer.
  [[nodiscard]] std::optional<std::int64_t> integer(std::string_view name) const;
  [[nodiscard]] std::optional<std::string> string(std::string_view name) const;
  [[nodiscard]] std::optional<bool> boolean(std::string_view name) const;
  // An object or array, JSON-decoded when it arrived as a string. Throws ApiError 400 when it
  // does not parse.
  [[nodiscard]] std::optional<nlohmann::json> structured(std::string_view name) const;
  // The multipart part `name` when it came as a file (with a file name); nullopt otherwise.
  [[nodiscard]] std::optional<UploadedFile> file(std::string_view name) const;

 private:
  explicit RequestParams(nlohmann::json values) : values_(std::move(values)) {}
  [[nodiscard]] const nlohmann::json* find(std::string_view name) const;

  nlohmann::json values_;  // an object: name -> string (from text encodings) or any JSON value
  std::map<std::string, UploadedFile, std::less<>> files_{};
};

// Parses a whole string as a decimal integer ("42", "-1001"); nullopt otherwise.
[[nodiscard]] std::optional<std::int64_t> parse_integer(std::string_view text);

}  // namespace tas::fake::detail
