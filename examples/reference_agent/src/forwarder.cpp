#include "forwarder.hpp"

#include <algorithm>
#include <chrono>

#include "http_post.hpp"
#include "stop_wait.hpp"
#include <fmt/format.h>

namespace tas::reference_agent {
namespace {

using std::chrono::milliseconds;

constexpr milliseconds kFirstBackoff{100};
constexpr milliseconds kMaxBackoff{2000};
// Handling includes the reply's sendMessage, which has its own timeouts.
constexpr milliseconds kDeliveryTimeout{30'000};

}  // namespace

Forwarder::Forwarder(std::string host, int port, std::stop_token stop, Logger& log)
    : url_(fmt::format("http://{}:{}/telegram/update", host, port)),
      stop_(std::move(stop)),
      log_(log) {}

bool Forwarder::deliver(const nlohmann::json& update) {
  const auto id = update.value("update_id", std::int64_t{0});
  milliseconds backoff = kFirstBackoff;
  for (int attempt = 1; !stop_.stop_requested(); ++attempt) {
    const HttpAnswer answer = http_post_json(url_, update.dump(), kDeliveryTimeout, stop_);
    if (answer.outcome == HttpAnswer::Outcome::aborted) return false;
    if (answer.outcome == HttpAnswer::Outcome::answered && answer.status == 200) {
      log_.info("update {} forwarded to {}{}", id, url_,
                attempt > 1 ? fmt::format(" after {} attempts", attempt) : std::string());
      return true;
    }
    const std::string why = answer.outcome == HttpAnswer::Outcome::answered
                                ? fmt::format("the server answered HTTP {}", answer.status)
                                : answer.error;
    log_.info(
        "forwarding update {} to {} failed (attempt {}): {}; retrying in {} ms (its offset "
        "stays unconfirmed)",
        id, url_, attempt, why, backoff.count());
    if (wait_for_stop(stop_, backoff)) return false;
    backoff = std::min(backoff * 2, kMaxBackoff);
  }
  return false;
}

}  // namespace tas::reference_agent
