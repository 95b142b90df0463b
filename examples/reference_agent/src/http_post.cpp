#include "http_post.hpp"

#include <memory>
#include <stdexcept>

#include <curl/curl.h>

namespace tas::reference_agent {
namespace {

struct CurlDeleter {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

constexpr long kConnectTimeoutMs = 5000;

std::size_t append_body(char* data, std::size_t size, std::size_t count, void* body) {
  static_cast<std::string*>(body)->append(data, size * count);
  return size * count;
}

// libcurl calls this about once a second even while a long poll is idle; a non-zero return aborts
// the transfer with CURLE_ABORTED_BY_CALLBACK.
int check_stop(void* stop, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  return static_cast<const std::stop_token*>(stop)->stop_requested() ? 1 : 0;
}

}  // namespace

HttpAnswer http_post_json(const std::string& url, const std::string& body,
                          std::chrono::milliseconds timeout, const std::stop_token& stop) {
  const std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) throw std::runtime_error("curl_easy_init failed");
  const std::unique_ptr<curl_slist, SlistDeleter> headers(
      curl_slist_append(nullptr, "Content-Type: application/json"));
  HttpAnswer answer;
  char error[CURL_ERROR_SIZE] = {};
  // libcurl wants a mutable pointer for the callback's data; the callback only reads it.
  void* stop_data = const_cast<std::stop_token*>(&stop);

  CURL* handle = curl.get();
  curl_easy_setopt(handle, CURLOPT_URL, url.c_str());
  curl_easy_setopt(handle, CURLOPT_POST, 1L);
  curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(handle, CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, append_body);
  curl_easy_setopt(handle, CURLOPT_WRITEDATA, &answer.body);
  curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS, kConnectTimeoutMs);
  curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
  curl_easy_setopt(handle, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, check_stop);
  curl_easy_setopt(handle, CURLOPT_XFERINFODATA, stop_data);
  // A stand-in on loopback (the local server, a fake Bot API) must not go through a proxy.
  curl_easy_setopt(handle, CURLOPT_NOPROXY, "localhost,127.0.0.1,::1");

  const CURLcode code = curl_easy_perform(handle);
  if (code == CURLE_ABORTED_BY_CALLBACK) {
    answer.outcome = HttpAnswer::Outcome::aborted;
    answer.error = "aborted by shutdown";
  } else if (code != CURLE_OK) {
    answer.outcome = HttpAnswer::Outcome::failed;
    answer.error = error[0] != '\0' ? std::string(error) : curl_easy_strerror(code);
  } else {
    answer.outcome = HttpAnswer::Outcome::answered;
    curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &answer.status);
  }
  return answer;
}

CurlGlobal::CurlGlobal() {
  if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
    throw std::runtime_error("curl_global_init failed");
  }
}

CurlGlobal::~CurlGlobal() {
  curl_global_cleanup();
}

}  // namespace tas::reference_agent
