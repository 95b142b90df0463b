#include <algorithm>

#include <fmt/format.h>

#include <tas/backends/conditions.hpp>

namespace tas {

NamedCondition for_health(ReadinessProbe& probe, std::string url, Condition target,
                          HealthReading* last) {
  std::string what = fmt::format("health 200 at {}", url);
  Condition look = [&probe, url = std::move(url), last]() {
    const HealthReading health = probe.health(url);
    if (last != nullptr) *last = health;
    if (health.status == 200) return Probe::ready("200");
    return Probe::not_yet(health.status != 0 ? fmt::format("HTTP {}", health.status)
                                             : health.error);
  };
  return {std::move(what), failing_fast(std::move(target), std::move(look))};
}

NamedCondition for_lease(ReadinessProbe& probe, std::filesystem::path state_dir,
                         std::string token_hash, Condition target, lease::Verdict* last) {
  std::string what = fmt::format("the lease at {}", lease::path_in(state_dir).string());
  auto wakes = std::make_shared<WakeOnChange>();
  wakes->watch_directory(state_dir);  // the lease is renamed into it
  Condition look = [&probe, state_dir = std::move(state_dir), token_hash = std::move(token_hash),
                    last]() {
    const lease::Verdict lease = probe.lease(state_dir, token_hash);
    if (last != nullptr) *last = lease;
    if (lease.owned()) return Probe::ready(fmt::format("owned by pid {}", lease.lease->pid));
    std::string why = fmt::format(
        "{}{} at {}", lease::to_string(lease.decision),
        lease.holds_raw_secret ? " (the file holds what looks like a raw token, not its hash)" : "",
        lease::path_in(state_dir).string());
    // A raw token on disk where its hash belongs is a leak, not a lease still being written:
    // waiting longer cannot make it right, so the wait ends now.
    if (lease.holds_raw_secret) return Probe::fatal(std::move(why));
    return Probe::not_yet(std::move(why));
  };
  return {std::move(what), failing_fast(std::move(target), std::move(look)), false,
          std::move(wakes)};
}

NamedCondition for_log_line(ReadinessProbe& probe, std::vector<std::filesystem::path> logs,
                            std::string pattern, Condition target) {
  std::string what = fmt::format("a line containing '{}'", pattern);
  auto wakes = std::make_shared<WakeOnChange>();
  for (const auto& log : logs)
    wakes->watch_file(log);
  Condition look = [&probe, logs = std::move(logs), pattern = std::move(pattern)]() {
    const bool seen = std::any_of(logs.begin(), logs.end(), [&](const std::filesystem::path& log) {
      return probe.log_has_line(log, pattern);
    });
    return seen ? Probe::ready()
                : Probe::not_yet(fmt::format("no line containing '{}' yet", pattern));
  };
  return {std::move(what), failing_fast(std::move(target), std::move(look)), false,
          std::move(wakes)};
}

NamedCondition for_exit(Process& process) {
  auto wakes = std::make_shared<WakeOnChange>();
  wakes->watch_exit(process.exit_descriptor());  // seen the moment it ends, not at a next look
  return {fmt::format("{} (pid {}) to finish", process.spec().role, process.pid()),
          [&process]() {
            if (const auto status = process.poll()) return Probe::ready(status->describe());
            return Probe::not_yet("still running");
          },
          false, std::move(wakes)};
}

Condition while_running(Process& process) {
  return [&process]() {
    if (const auto status = process.poll()) {
      return Probe::fatal(
          fmt::format("{} (pid {}) {}", process.spec().role, process.pid(), status->describe()));
    }
    return Probe::ready();
  };
}

NamedCondition for_reply(UserDriver& user, ReplySearch& search, Clock& clock, Condition target) {
  std::string what = search.chat.topic_id ? fmt::format("a reply in chat {} topic {}",
                                                        search.chat.chat_id, *search.chat.topic_id)
                                          : fmt::format("a reply in chat {}", search.chat.chat_id);
  Condition look = [&user, &search, &clock]() {
    const Deadline slice = Deadline::after(clock, search.slice);
    for (const ChatMessage& message :
         user.bot_messages_after(search.chat.chat_id, search.after_message_id, slice)) {
      search.after_message_id = std::max(search.after_message_id, message.message_id);
      if (search.bot_id != 0 && message.from_id != search.bot_id) continue;
      const Probe verdict = search.judge ? search.judge(message) : Probe::ready();
      if (verdict.state == Probe::State::ready) {
        search.reply = message;
        return Probe::ready(fmt::format("message {}", message.message_id));
      }
      search.passed_over.push_back(message);
      if (verdict.state == Probe::State::fatal) return verdict;
    }
    return Probe::not_yet(
        search.passed_over.empty()
            ? std::string("no reply yet")
            : fmt::format("{} message(s) passed over, none the reply", search.passed_over.size()));
  };
  NamedCondition condition{std::move(what), failing_fast(std::move(target), std::move(look))};
  condition.blocks = true;
  return condition;
}

}  // namespace tas
