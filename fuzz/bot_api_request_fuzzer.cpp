// A Bot API call's parameters in the fake Telegram, in each encoding it takes: the query string,
// an application/x-www-form-urlencoded body, a JSON body and a multipart/form-data body; then
// every accessor the methods use. The first byte picks the encoding.
#include "api_error.hpp"
#include "fuzz_support.hpp"
#include "request_params.hpp"

namespace {

using tas::fake::detail::ApiError;
using tas::fake::detail::RequestParams;

template <typename Read>
void read_param(Read read) {
  try {
    (void)read();
  } catch (const ApiError& error) {
    if (error.code() != 400) tas::fuzz::broken("a parameter error that is not a 400");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string text(tas::fuzz::as_text(data + 1, size - 1));
  tas::http_server::HttpRequest request;
  request.method = "POST";
  switch (data[0] % 4) {
    case 0:
      request.query = text;
      break;
    case 1:
      request.headers.push_back({"Content-Type", "application/x-www-form-urlencoded"});
      request.body = text;
      break;
    case 2:
      request.headers.push_back({"Content-Type", "multipart/form-data; boundary=fuzz"});
      request.body = text;
      break;
    default:
      request.headers.push_back({"Content-Type", "application/json"});
      request.body = text;
      break;
  }
  try {
    const RequestParams params = RequestParams::from(request);
    for (const char* name : {"chat_id", "offset", "limit", "timeout", "text", "message_thread_id",
                             "allowed_updates", "reply_parameters", "disable_notification"}) {
      (void)params.has(name);
      read_param([&] { return params.integer(name); });
      read_param([&] { return params.string(name); });
      read_param([&] { return params.boolean(name); });
      read_param([&] { return params.structured(name); });
    }
  } catch (const ApiError& error) {
    if (error.code() != 400) tas::fuzz::broken("a body error that is not a 400");
  }
  return 0;
}
