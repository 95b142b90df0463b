#include <cerrno>
#include <cstring>
#include <memory>
#include <mutex>

#include <curl/curl.h>
#include <fmt/format.h>

#include <tas/backends/http_client.hpp>

namespace tas {
namespace {

// curl_global_init is not thread-safe; it runs once, the first time anything asks.
void init_curl_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::size_t append_body(char* data, std::size_t size, std::size_t count, void* body) {
  static_cast<std::string*>(body)->append(data, size * count);
  return size * count;
}

struct CurlDeleter {
  void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};
struct HeadersDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

// What kind of trouble kept an answer from coming — the words a person acts on (a refused
// connection, a name that does not resolve, a timeout, TLS) — and libcurl's own account of it.
std::string no_answer_reason(CURLcode code, long os_errno, const char* detail,
                             const std::string& url) {
  std::string kind;
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      kind = "DNS lookup failed";
      break;
    case CURLE_COULDNT_CONNECT:
      kind = os_errno == ECONNREFUSED ? "connection refused"
             : os_errno != 0
                 ? fmt::format("cannot connect ({})", std::strerror(static_cast<int>(os_errno)))
                 : "cannot connect";
      break;
    case CURLE_OPERATION_TIMEDOUT:
      kind = "timed out";
      break;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_SHUTDOWN_FAILED:
    case CURLE_USE_SSL_FAILED:
      kind = "TLS failed";
      break;
    default:
      kind = curl_easy_strerror(code);
      break;
  }
  // libcurl's detail names the host and port; a detail quoting the URL's path (a Bot API path
  // holds the token) is left out.
  const std::string said = detail != nullptr ? detail : "";
  const std::size_t host_end =
      url.find('/', url.find("://") == std::string::npos ? 0 : url.find("://") + 3);
  const std::string path = host_end == std::string::npos ? std::string() : url.substr(host_end);
  const bool quotes_path = said.find("/bot") != std::string::npos ||
                           (path.size() > 1 && said.find(path) != std::string::npos);
  if (said.empty() || quotes_path || said == kind) return kind;
  return fmt::format("{} ({})", kind, said);
}

}  // namespace

HttpResponse http_request(const HttpRequest& request) {
  init_curl_once();
  HttpResponse response;
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) {
    response.error = "libcurl could not start a request";
    return response;
  }
  std::unique_ptr<curl_slist, HeadersDeleter> headers;
  for (const auto& [name, value] : request.headers) {
    headers.reset(curl_slist_append(headers.release(), (name + ": " + value).c_str()));
  }
  CURL* handle = curl.get();
  curl_easy_setopt(handle, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(handle, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  if (request.method != "GET") {
    curl_easy_setopt(handle, CURLOPT_POSTFIELDS, request.body.c_str());
    curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE, static_cast<long>(request.body.size()));
  }
  curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout.count()));
  curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(request.timeout.count()));
  curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);  // the harness owns its signals
  curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, append_body);
  curl_easy_setopt(handle, CURLOPT_WRITEDATA, &response.body);
  // Proxies come from the environment in libcurl; a loopback fake must never go through one.
  curl_easy_setopt(handle, CURLOPT_NOPROXY, "127.0.0.1,localhost");
  char detail[CURL_ERROR_SIZE] = {};
  curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, detail);
  const CURLcode code = curl_easy_perform(handle);
  curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, nullptr);  // `detail` ends with this scope
  if (code != CURLE_OK) {
    long os_errno = 0;
    curl_easy_getinfo(handle, CURLINFO_OS_ERRNO, &os_errno);
    response.error = no_answer_reason(code, os_errno, detail, request.url);
    response.timed_out = code == CURLE_OPERATION_TIMEDOUT;
    return response;
  }
  curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &response.status);
  return response;
}

}  // namespace tas
