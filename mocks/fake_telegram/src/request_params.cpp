#include "request_params.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "api_error.hpp"
#include <fmt/format.h>

#include <tas/core/untrusted_json.hpp>
#include <tas/http_server/form_data.hpp>

namespace tas::fake::detail {

std::optional<std::int64_t> parse_integer(std::string_view text) {
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

namespace {

std::string lower_case(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower;
}

// Query string and form fields: the first of repeated names counts, as with Telegram.
void add_url_encoded(nlohmann::json& values, std::string_view text, std::string_view what) {
  const auto fields = http_server::parse_url_encoded(text);
  if (!fields) throw ApiError(400, fmt::format("Bad Request: can't parse the {}", what));
  for (const auto& [name, value] : *fields) {
    if (!values.contains(name)) values[name] = value;
  }
}

}  // namespace

RequestParams RequestParams::from(const http_server::HttpRequest& request) {
  auto values = nlohmann::json::object();
  // Later sources win: query string, then form fields, then a JSON body.
  add_url_encoded(values, request.query, "query string");
  std::map<std::string, UploadedFile, std::less<>> files;
  const auto* content_type_header = request.header("Content-Type");
  const std::string_view content_type =
      content_type_header == nullptr ? std::string_view() : *content_type_header;
  const auto media_type = lower_case(content_type.substr(0, content_type.find(';')));
  if (media_type == "application/x-www-form-urlencoded") {
    add_url_encoded(values, request.body, "form body");
  } else if (media_type == "multipart/form-data") {
    const auto boundary = http_server::multipart_boundary(content_type);
    if (!boundary) throw ApiError(400, "Bad Request: multipart/form-data without a boundary");
    auto parsed = http_server::parse_multipart(*boundary, request.body);
    if (!parsed.error.empty()) {
      throw ApiError(400,
                     fmt::format("Bad Request: can't parse the multipart body: {}", parsed.error));
    }
    for (auto& part : parsed.parts) {
      values[part.name] = part.body;
      if (part.file_name) {
        files.insert_or_assign(
            part.name, UploadedFile{std::move(*part.file_name), std::move(part.content_type),
                                    std::move(part.body)});
      }
    }
  } else if (media_type == "application/json" && !request.body.empty()) {
    const auto body = parse_untrusted_json(request.body).value;
    if (!body.is_object()) {
      throw ApiError(400, "Bad Request: expected a JSON object as the request body");
    }
    for (const auto& [name, value] : body.items())
      values[name] = value;
  }
  RequestParams params(std::move(values));
  params.files_ = std::move(files);
  return params;
}

const nlohmann::json* RequestParams::find(std::string_view name) const {
  const auto it = values_.find(name);
  if (it == values_.end() || it->is_null()) return nullptr;
  return &*it;
}

bool RequestParams::has(std::string_view name) const {
  return find(name) != nullptr;
}

std::optional<std::int64_t> RequestParams::integer(std::string_view name) const {
  const auto* value = find(name);
  if (value == nullptr) return std::nullopt;
  if (value->is_number_integer()) return value->get<std::int64_t>();
  if (value->is_string()) {
    if (const auto parsed = parse_integer(value->get_ref<const std::string&>())) return parsed;
  }
  throw ApiError(400, fmt::format("Bad Request: parameter \"{}\" must be an integer", name));
}

std::optional<std::string> RequestParams::string(std::string_view name) const {
  const auto* value = find(name);
  if (value == nullptr) return std::nullopt;
  if (value->is_string()) return value->get<std::string>();
  return value->dump();  // Telegram takes 42 for "42" in a text field too
}

std::optional<bool> RequestParams::boolean(std::string_view name) const {
  const auto* value = find(name);
  if (value == nullptr) return std::nullopt;
  if (value->is_boolean()) return value->get<bool>();
  if (value->is_number_integer()) return value->get<std::int64_t>() != 0;
  if (value->is_string()) {
    // Telegram never refuses a boolean: "true", "yes" or "1" in any case, blanks around, is true
    // and anything else false. Clients rely on it (python-telegram-bot 13 sends "True").
    auto text = value->get<std::string>();
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    const auto first = text.find_first_not_of(" \t\r\n");
    const auto last = text.find_last_not_of(" \t\r\n");
    const auto trimmed =
        first == std::string::npos ? std::string() : text.substr(first, last - first + 1);
    return trimmed == "true" || trimmed == "yes" || trimmed == "1";
  }
  return false;
}

std::optional<UploadedFile> RequestParams::file(std::string_view name) const {
  const auto it = files_.find(name);
  if (it == files_.end()) return std::nullopt;
  return it->second;
}

std::optional<nlohmann::json> RequestParams::structured(std::string_view name) const {
  const auto* value = find(name);
  if (value == nullptr) return std::nullopt;
  if (value->is_object() || value->is_array()) return *value;
  if (value->is_string()) {
    auto parsed = parse_untrusted_json(value->get_ref<const std::string&>()).value;
    if (parsed.is_object() || parsed.is_array()) return parsed;
  }
  throw ApiError(400, fmt::format("Bad Request: can't parse {} JSON object", name));
}

}  // namespace tas::fake::detail
