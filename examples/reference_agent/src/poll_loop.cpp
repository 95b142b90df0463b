#include "poll_loop.hpp"

#include <algorithm>
#include <chrono>
#include <optional>

#include "stop_wait.hpp"

namespace tas::reference_agent {
namespace {

using std::chrono::milliseconds;

constexpr milliseconds kFirstBackoff{250};
constexpr milliseconds kMaxBackoff{3000};

}  // namespace

void run_poll_loop(const TelegramClient& telegram, int timeout_s, const std::stop_token& stop,
                   Logger& log, const PollHooks& hooks) {
  std::optional<std::int64_t> offset;
  bool first = true;
  milliseconds backoff = kFirstBackoff;
  while (!stop.stop_requested()) {
    const ApiResult answer = telegram.get_updates(offset, first ? 0 : timeout_s);
    if (answer.outcome == ApiResult::Outcome::aborted) break;
    if (!answer.ok() || !answer.result.is_array()) {
      milliseconds wait = backoff;
      if (answer.retry_after_s) wait = std::max(wait, milliseconds(*answer.retry_after_s * 1000));
      log.info("getUpdates failed: {}; retrying in {} ms",
               answer.ok() ? "the result is not an array of updates" : answer.failure(),
               wait.count());
      if (wait_for_stop(stop, wait)) break;
      backoff = std::min(backoff * 2, kMaxBackoff);
      continue;
    }
    first = false;
    backoff = kFirstBackoff;
    if (hooks.after_success) hooks.after_success();
    for (const nlohmann::json& update : answer.result) {
      const auto id = update.find("update_id");
      if (id == update.end() || !id->is_number_integer()) {
        log.info("getUpdates returned an update without an integer update_id; skipping it");
        continue;
      }
      if (!hooks.deliver(update)) return;
      offset = id->get<std::int64_t>() + 1;
    }
  }
}

}  // namespace tas::reference_agent
