#include <tas/backends/http_client.hpp>
#include <tas/backends/http_readiness_probe.hpp>
#include <tas/backends/log_tail.hpp>

namespace tas {
namespace {

constexpr std::size_t kLogWindow = 1 << 20;  // the lines a start-up writes fit easily

}  // namespace

HealthReading HttpReadinessProbe::health(const std::string& url) {
  HttpRequest request;
  request.url = url;
  request.timeout = request_timeout_;
  const HttpResponse response = http_request(request);
  if (response.status == 0) return {0, response.error};
  return {static_cast<int>(response.status), {}};
}

lease::Verdict HttpReadinessProbe::lease(const std::filesystem::path& state_dir,
                                         std::string_view token_hash) {
  return lease::read_and_decide(state_dir, token_hash, lease::now_ms());
}

bool HttpReadinessProbe::log_has_line(const std::filesystem::path& log, std::string_view pattern) {
  return read_log_tail(log, kLogWindow).text.find(pattern) != std::string::npos;
}

}  // namespace tas
