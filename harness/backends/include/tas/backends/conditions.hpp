#pragma once

// The things a run waits for, as named conditions for the one Waiter (docs/architecture.md,
// 'Waiting'). Each looks at its target first: a wait on something whose process has died ends at
// once, in the target's words, instead of running to its deadline.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <tas/backends/process_launcher.hpp>
#include <tas/backends/readiness_probe.hpp>
#include <tas/backends/user_driver.hpp>
#include <tas/core/deadline.hpp>
#include <tas/core/lease.hpp>
#include <tas/core/wait.hpp>

namespace tas {

// The health URL answers 200. `last`, when given, keeps the latest reading for the evidence.
[[nodiscard]] NamedCondition for_health(ReadinessProbe& probe, std::string url, Condition target,
                                        HealthReading* last = nullptr);

// The lease in `state_dir` is owned for the token whose hash is `token_hash`
// (docs/agent-contract.md).
[[nodiscard]] NamedCondition for_lease(ReadinessProbe& probe, std::filesystem::path state_dir,
                                       std::string token_hash, Condition target,
                                       lease::Verdict* last = nullptr);

// A line containing `pattern` in any of `logs`.
[[nodiscard]] NamedCondition for_log_line(ReadinessProbe& probe,
                                          std::vector<std::filesystem::path> logs,
                                          std::string pattern, Condition target);

// The process has exited. It is its own target: it cannot die before it is ready.
[[nodiscard]] NamedCondition for_exit(Process& process);

// A target check for one process: fatal, with its exit status, once it has ended.
[[nodiscard]] Condition while_running(Process& process);

// What for_reply looks for, and what it found. Every message a bot posts in `chat` after
// `after_message_id` is looked at, those of other bots than `bot_id` (0: any bot) skipped.
// `judge` decides about each: ready takes it as the reply, not yet passes over it (kept in
// `passed_over`), fatal ends the wait (the reply can no longer come right). Without a judge the
// first message is the reply.
struct ReplySearch {
  ChatAddress chat;
  std::int64_t after_message_id = 0;
  std::int64_t bot_id = 0;
  std::function<Probe(const ChatMessage&)> judge;
  // How long one look blocks in the driver at most: a driver call knows nothing of signals, so
  // a signal is noticed within this time.
  std::chrono::milliseconds slice{500};

  std::optional<ChatMessage> reply;
  std::vector<ChatMessage> passed_over;
};

// A bot's reply in the chat, found through the user-side driver. Each look blocks in the driver
// (up to `search.slice` on `clock`) while nothing comes, so the reply is seen the moment it is
// posted.
[[nodiscard]] NamedCondition for_reply(UserDriver& user, ReplySearch& search, Clock& clock,
                                       Condition target);

}  // namespace tas
