#include "support/bot_api_client.hpp"

#include <httplib.h>

namespace tas::fake {
namespace {

std::string text_of(const nlohmann::json& value) {
  return value.is_string() ? value.get<std::string>() : value.dump();
}

std::string percent_encoded(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) != 0 || c == '-' || c == '_' || c == '.' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += kHex[byte >> 4U];
      out += kHex[byte & 0x0FU];
    }
  }
  return out;
}

ApiResponse response_of(const httplib::Result& result) {
  if (!result) return {0, {{"transport_error", httplib::to_string(result.error())}}};
  return {result->status, nlohmann::json::parse(result->body, nullptr, false)};
}

}  // namespace

void PrintTo(Encoding encoding, std::ostream* out) {
  switch (encoding) {
    case Encoding::kQuery:
      *out << "query string";
      return;
    case Encoding::kForm:
      *out << "form-urlencoded";
      return;
    case Encoding::kJson:
      *out << "JSON";
      return;
    case Encoding::kMultipart:
      *out << "multipart";
      return;
  }
}

ApiResponse HttpClient::call(const std::string& path, const nlohmann::json& params_in,
                             Encoding encoding, std::chrono::seconds read_timeout) const {
  // `{}` at a call site is JSON null; it means "no parameters".
  const auto params = params_in.is_null() ? nlohmann::json::object() : params_in;
  httplib::Client client(host_, port_);
  client.set_read_timeout(read_timeout);
  switch (encoding) {
    case Encoding::kQuery: {
      std::string query;
      for (const auto& [name, value] : params.items()) {
        query += (query.empty() ? "?" : "&") + percent_encoded(name) + "=" +
                 percent_encoded(text_of(value));
      }
      return response_of(client.Get(path + query));
    }
    case Encoding::kForm: {
      httplib::Params form;
      for (const auto& [name, value] : params.items())
        form.emplace(name, text_of(value));
      return response_of(client.Post(path, form));
    }
    case Encoding::kJson:
      return response_of(client.Post(path, params.dump(), "application/json"));
    case Encoding::kMultipart: {
      httplib::MultipartFormDataItems items;
      for (const auto& [name, value] : params.items()) {
        items.push_back({name, text_of(value), "", ""});
      }
      return response_of(client.Post(path, items));
    }
  }
  return {};
}

ApiResponse HttpClient::upload(const std::string& path, const nlohmann::json& params,
                               const std::vector<FilePart>& files) const {
  httplib::Client client(host_, port_);
  httplib::MultipartFormDataItems items;
  for (const auto& [name, value] : params.items())
    items.push_back({name, text_of(value), "", ""});
  for (const auto& file : files)
    items.push_back({file.name, file.bytes, file.file_name, file.content_type});
  return response_of(client.Post(path, items));
}

RawResponse HttpClient::get(const std::string& path) const {
  httplib::Client client(host_, port_);
  const auto result = client.Get(path);
  if (!result) return {};
  return {result->status, result->get_header_value("Content-Type"), result->body};
}

ApiResponse BotApiClient::upload(std::string_view method, const nlohmann::json& params,
                                 const std::vector<FilePart>& files) const {
  return http_.upload("/bot" + token_ + "/" + std::string(method), params, files);
}

ApiResponse BotApiClient::call(std::string_view method, const nlohmann::json& params,
                               Encoding encoding) const {
  return http_.call("/bot" + token_ + "/" + std::string(method), params, encoding);
}

ApiResponse BotApiClient::get_updates(nlohmann::json params) const {
  if (params.is_null()) params = nlohmann::json::object();
  const auto timeout = params.value("timeout", 0);
  return http_.call("/bot" + token_ + "/getUpdates", params, Encoding::kJson,
                    std::chrono::seconds(timeout + 10));
}

}  // namespace tas::fake
