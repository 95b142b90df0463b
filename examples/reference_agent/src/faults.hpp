#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

namespace tas::reference_agent {

// Which executable a process-specific fault applies to.
enum class Process { server, lifeline };

[[nodiscard]] std::string_view to_string(Process process);

enum class CrashKind {
  segfault,  // a real invalid memory write: the process dies by SIGSEGV
  abort,     // std::abort(): SIGABRT
  oom,       // an uncaught std::bad_alloc: libstdc++'s terminate message, then SIGABRT
};

[[nodiscard]] std::string_view to_string(CrashKind kind);

struct CrashFault {
  Process process = Process::server;
  CrashKind kind = CrashKind::abort;
  std::chrono::milliseconds after{0};  // crashAfterS only
};

struct FloodFault {
  Process process = Process::server;
  double megabytes = 0;
};

// The config's "faults" object. Every switch is off unless named; the harness's tests turn one on
// to prove that the failure it provokes is caught.
struct Faults {
  std::optional<CrashFault> crash_at_start;
  std::optional<CrashFault> crash_after;
  std::optional<CrashFault> crash_on_sigterm;  // dies of its kind when asked to stop by SIGTERM
  bool never_healthy = false;                  // server: /health answers 503 forever
  bool no_lease = false;                       // lifeline: polls but never writes the lease
  bool stale_lease = false;                    // lifeline: heartbeatTs = now - 120 s
  bool raw_token_in_lease = false;             // lifeline: the lease carries the raw token
  bool no_demotion = false;  // server: polls even when the lifeline owns the lease
  bool no_reply = false;     // server: handles messages without replying
  // server: fails each message with an error line that quotes the request URL, token and all,
  // past the logger's redaction (a client library's own error output), and does not reply
  bool leak_token_on_message = false;
  bool reply_without_nonce = false;  // server: replies "got your message"
  bool reply_wrong_topic = false;    // server: replies in the chat's main thread
  std::optional<Process> ignore_sigterm;
  std::optional<Process> fork_grandchild;
  std::optional<Process> fork_daemon;  // a grandchild that leaves the process group (setsid)
  std::optional<FloodFault> flood_log;
  // lifeline: once this file exists, a second getUpdates loop starts on the same token (a double
  // start), so Telegram answers one of the two pollers with 409 on every round. A file, not a
  // timer, so that a test decides exactly when (after the start step, say).
  std::optional<std::filesystem::path> duplicate_poll_when;
  // server: holds each reply until this file exists (at most 20 s), so that a test can look at
  // the running deploy at a known moment — in the middle of a round-trip.
  std::optional<std::filesystem::path> reply_when;

  [[nodiscard]] std::optional<CrashKind> crash_at_start_for(Process process) const;
  [[nodiscard]] std::optional<CrashFault> crash_after_for(Process process) const;
  [[nodiscard]] std::optional<CrashKind> crash_on_sigterm_for(Process process) const;
  [[nodiscard]] bool ignores_sigterm(Process process) const { return ignore_sigterm == process; }
  [[nodiscard]] bool forks_grandchild(Process process) const { return fork_grandchild == process; }
  [[nodiscard]] bool forks_daemon(Process process) const { return fork_daemon == process; }
  [[nodiscard]] double flood_megabytes_for(Process process) const;
};

// Parses the "faults" object (null or absent: no faults). Unlike the rest of the config, an
// unknown fault name is an error: a misspelt switch would otherwise make a test pass for the wrong
// reason. Throws AgentError (exit 2) naming the field.
[[nodiscard]] Faults parse_faults(const nlohmann::json& faults);

}  // namespace tas::reference_agent
