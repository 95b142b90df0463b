#include <fmt/format.h>
#include <httplib.h>

#include <tas/backends/http_readiness_probe.hpp>
#include <tas/backends/log_tail.hpp>

namespace tas {
namespace {

constexpr std::size_t kLogWindow = 1 << 20;  // the lines a start-up writes fit easily

struct SplitUrl {
  std::string origin;  // scheme://host:port
  std::string path;
};

SplitUrl split(const std::string& url) {
  const std::size_t scheme_end = url.find("://");
  const std::size_t path_start =
      url.find('/', scheme_end == std::string::npos ? 0 : scheme_end + 3);
  if (path_start == std::string::npos) return {url, "/"};
  return {url.substr(0, path_start), url.substr(path_start)};
}

}  // namespace

HealthReading HttpReadinessProbe::health(const std::string& url) {
  const SplitUrl parts = split(url);
  httplib::Client client(parts.origin);
  client.set_connection_timeout(request_timeout_);
  client.set_read_timeout(request_timeout_);
  const auto response = client.Get(parts.path.c_str());
  if (!response) return {0, httplib::to_string(response.error())};
  return {response->status, {}};
}

lease::Verdict HttpReadinessProbe::lease(const std::filesystem::path& state_dir,
                                         std::string_view token_hash) {
  return lease::read_and_decide(state_dir, token_hash, lease::now_ms());
}

bool HttpReadinessProbe::log_has_line(const std::filesystem::path& log, std::string_view pattern) {
  return read_log_tail(log, kLogWindow).text.find(pattern) != std::string::npos;
}

}  // namespace tas
