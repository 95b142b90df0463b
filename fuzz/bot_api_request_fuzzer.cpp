// A Bot API call's parameters in the fake Telegram, in each encoding it takes: the query string,
// an application/x-www-form-urlencoded body (both decoded by httplib, as its server does) and a
// JSON body; then every accessor the methods use. The first byte picks the encoding.
#include "api_error.hpp"
#include "fuzz_support.hpp"
#include "request_params.hpp"
#include <httplib.h>

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
  httplib::Request request;
  switch (data[0] % 3) {
    case 0:
      httplib::detail::parse_query_text(text, request.params);
      break;
    case 1:
      request.set_header("Content-Type", "application/x-www-form-urlencoded");
      request.body = text;
      httplib::detail::parse_query_text(text, request.params);
      break;
    default:
      request.set_header("Content-Type", "application/json");
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
