#pragma once

#include <chrono>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace tas::fake {

// How a call's parameters travel; Telegram accepts all four.
enum class Encoding { kQuery, kForm, kJson, kMultipart };

// For gtest's test names and failure messages.
void PrintTo(Encoding encoding, std::ostream* out);

struct ApiResponse {
  int status = 0;       // HTTP status; 0 when the request failed at the transport level
  nlohmann::json body;  // the parsed envelope (null when it did not parse)
};

// A file part of a multipart upload, as a bot sends a photo or document.
struct FilePart {
  std::string name;  // the parameter, e.g. "photo"
  std::string file_name;
  std::string content_type;
  std::string bytes;
};

// A plain GET's answer, for downloads that are not JSON.
struct RawResponse {
  int status = 0;
  std::string content_type;
  std::string body;
};

// Calls the fake over real HTTP on loopback, as an agent would. One connection per call: a
// connection left idle would keep a server worker busy, which the CPU-cost test must not see.
class HttpClient {
 public:
  HttpClient(std::string host, int port) : host_(std::move(host)), port_(port) {}

  // GET <path>?<params> or POST <path> with the params in the body, as `encoding` says.
  // Non-string JSON values travel as their JSON text in the string encodings ("42", "[...]").
  [[nodiscard]] ApiResponse call(
      const std::string& path, const nlohmann::json& params, Encoding encoding,
      std::chrono::seconds read_timeout = std::chrono::seconds(10)) const;
  // POST <path> as multipart/form-data: the params as text fields, then the files.
  [[nodiscard]] ApiResponse upload(const std::string& path, const nlohmann::json& params,
                                   const std::vector<FilePart>& files) const;
  [[nodiscard]] RawResponse get(const std::string& path) const;

 private:
  std::string host_;
  int port_;
};

// A bot's side: POST /bot<token>/<method>.
class BotApiClient {
 public:
  BotApiClient(HttpClient http, std::string token)
      : http_(std::move(http)), token_(std::move(token)) {}

  [[nodiscard]] ApiResponse call(std::string_view method,
                                 const nlohmann::json& params = nlohmann::json::object(),
                                 Encoding encoding = Encoding::kJson) const;
  [[nodiscard]] ApiResponse upload(std::string_view method, const nlohmann::json& params,
                                   const std::vector<FilePart>& files) const;
  // getUpdates with a read timeout that outlasts the long-poll.
  [[nodiscard]] ApiResponse get_updates(nlohmann::json params) const;

 private:
  HttpClient http_;
  std::string token_;
};

}  // namespace tas::fake
