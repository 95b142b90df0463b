// The fake Telegram's decoding of a Bot API call's parameters, in each of the four encodings bots
// send them: every call pays it before any method runs, and an upload's multipart body is the
// largest thing the fake reads.
#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>
#include <string_view>
#include <utility>

#include "request_params.hpp"
#include <benchmark/benchmark.h>

#include <tas/http_server/form_data.hpp>
#include <tas/http_server/http_message.hpp>

namespace {

using tas::fake::detail::RequestParams;
using tas::http_server::HttpRequest;

constexpr std::string_view kBotPath = "/bot110201543:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
// As Node's form-data package makes them: dashes, then 24 digits.
constexpr std::string_view kBoundary = "--------------------------493812075519283746501837";
constexpr std::size_t kUploadBytes = 100 * 1024;

HttpRequest post(std::string_view method, std::string content_type, std::string body) {
  HttpRequest request;
  request.method = "POST";
  request.path = std::string(kBotPath) + "/" + std::string(method);
  request.target = request.path;
  request.headers.push_back({"Host", "127.0.0.1:8081"});
  request.headers.push_back({"Content-Type", std::move(content_type)});
  request.headers.push_back({"Content-Length", std::to_string(body.size())});
  request.body = std::move(body);
  return request;
}

HttpRequest json_send_message() {
  return post("sendMessage", "application/json",
              R"({"chat_id":-1001,"message_thread_id":7,"text":"Your calendar today: )"
              R"(<b>09:30</b> stand-up, <b>14:00</b> dentist","parse_mode":"HTML",)"
              R"("reply_parameters":{"message_id":1042},"disable_notification":false})");
}

HttpRequest url_encoded_send_message() {
  return post("sendMessage", "application/x-www-form-urlencoded",
              "chat_id=-1001&message_thread_id=7&text=Your+calendar+today%3A+%3Cb%3E09%3A30%3C%2Fb"
              "%3E+stand-up%2C+%3Cb%3E14%3A00%3C%2Fb%3E+dentist&parse_mode=HTML&reply_parameters="
              "%7B%22message_id%22%3A1042%7D&disable_notification=false");
}

// A long poll as python-telegram-bot and grammY send it: everything in the query string.
HttpRequest query_get_updates() {
  HttpRequest request;
  request.method = "GET";
  request.path = std::string(kBotPath) + "/getUpdates";
  request.query =
      "offset=812345679&limit=100&timeout=30&allowed_updates=%5B%22message%22%2C%22"
      "callback_query%22%2C%22message_reaction%22%5D";
  request.target = request.path + "?" + request.query;
  request.headers.push_back({"Host", "127.0.0.1:8081"});
  return request;
}

// Bytes that look like a compressed file: no pattern for a parser to get lucky with.
std::string upload_bytes() {
  std::string bytes(kUploadBytes, '\0');
  std::uint32_t state = 2463534242U;
  for (char& byte : bytes) {
    state ^= state << 13U;
    state ^= state >> 17U;
    state ^= state << 5U;
    byte = static_cast<char>(state & 0xFFU);
  }
  return bytes;
}

std::string multipart_field(std::string_view name, std::string_view value) {
  return "--" + std::string(kBoundary) + "\r\nContent-Disposition: form-data; name=\"" +
         std::string(name) + "\"\r\n\r\n" + std::string(value) + "\r\n";
}

// sendDocument with a 100 KiB file, written as Node's form-data writes it.
std::string multipart_send_document_body() {
  std::string body = multipart_field("chat_id", "-1001");
  body += multipart_field("caption", "Your itinerary, as a PDF");
  body += "--" + std::string(kBoundary) +
          "\r\nContent-Disposition: form-data; name=\"document\"; filename=\"itinerary.pdf\""
          "\r\nContent-Type: application/pdf\r\n\r\n";
  body += upload_bytes();
  body += "\r\n--" + std::string(kBoundary) + "--\r\n";
  return body;
}

HttpRequest multipart_send_document() {
  return post("sendDocument", "multipart/form-data; boundary=" + std::string(kBoundary),
              multipart_send_document_body());
}

// Decodes the request once and checks what a method would read, so that a benchmark of a request
// the fake refuses or misreads measures nothing.
bool decodes_as_sent(const HttpRequest& request) {
  try {
    const RequestParams params = RequestParams::from(request);
    if (request.method == "GET") return params.integer("timeout") == 30;
    if (params.integer("chat_id") != -1001) return false;
    if (const auto document = params.file("document")) {
      return document->bytes.size() == kUploadBytes && document->file_name == "itinerary.pdf";
    }
    return params.boolean("disable_notification") == false &&
           params.structured("reply_parameters").has_value();
  } catch (const std::exception&) {
    return false;
  }
}

void RequestParamsFrom(benchmark::State& state, const HttpRequest& request) {
  if (!decodes_as_sent(request)) state.SkipWithError("the request did not decode as sent");
  for (auto _ : state)
    benchmark::DoNotOptimize(RequestParams::from(request));
  const std::size_t bytes = request.body.size() + request.query.size();
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
}
BENCHMARK_CAPTURE(RequestParamsFrom, json_send_message, json_send_message());
BENCHMARK_CAPTURE(RequestParamsFrom, url_encoded_send_message, url_encoded_send_message());
BENCHMARK_CAPTURE(RequestParamsFrom, query_get_updates, query_get_updates());
BENCHMARK_CAPTURE(RequestParamsFrom, multipart_send_document, multipart_send_document());

// The multipart parser alone, without what RequestParams adds (the parameters as JSON, the file's
// copy).
void ParseMultipartSendDocument(benchmark::State& state) {
  const std::string body = multipart_send_document_body();
  const auto parsed = tas::http_server::parse_multipart(kBoundary, body);
  if (!parsed.error.empty() || parsed.parts.size() != 3)
    state.SkipWithError("the multipart body did not parse");
  for (auto _ : state)
    benchmark::DoNotOptimize(tas::http_server::parse_multipart(kBoundary, body));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * body.size()));
}
BENCHMARK(ParseMultipartSendDocument);

}  // namespace
