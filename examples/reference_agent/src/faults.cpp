#include "faults.hpp"

#include <cmath>
#include <functional>
#include <map>
#include <string>

#include "agent_error.hpp"
#include <fmt/format.h>

namespace tas::reference_agent {
namespace {

using nlohmann::json;

[[noreturn]] void fail(std::string_view field, std::string_view expected, const json& found) {
  throw AgentError(exit_code::kConfig,
                   fmt::format("config: faults.{} must be {}, found {}. Fix the \"faults\" object "
                               "(the switches are listed in examples/reference_agent/README.md).",
                               field, expected, found.dump()));
}

bool read_bool(const json& value, std::string_view field) {
  if (!value.is_boolean()) fail(field, "true or false", value);
  return value.get<bool>();
}

const json& member(const json& object, std::string_view field, std::string_view key) {
  const auto it = object.find(key);
  if (it == object.end()) {
    fail(field, fmt::format("an object with \"{}\"", key), object);
  }
  return *it;
}

Process read_process(const json& object, std::string_view field) {
  if (!object.is_object()) fail(field, "an object such as {\"process\": \"server\"}", object);
  const json& value = member(object, field, "process");
  if (value == "server") return Process::server;
  if (value == "lifeline") return Process::lifeline;
  fail(std::string(field) + ".process", "\"server\" or \"lifeline\"", value);
}

CrashKind read_kind(const json& object, std::string_view field) {
  const json& value = member(object, field, "kind");
  if (value == "segfault") return CrashKind::segfault;
  if (value == "abort") return CrashKind::abort;
  if (value == "oom") return CrashKind::oom;
  fail(std::string(field) + ".kind", "\"segfault\", \"abort\" or \"oom\"", value);
}

double read_non_negative(const json& object, std::string_view field, std::string_view key) {
  const json& value = member(object, field, key);
  if (!value.is_number() || !std::isfinite(value.get<double>()) || value.get<double>() < 0) {
    fail(fmt::format("{}.{}", field, key), "a non-negative number", value);
  }
  return value.get<double>();
}

}  // namespace

std::string_view to_string(Process process) {
  return process == Process::server ? "server" : "lifeline";
}

std::string_view to_string(CrashKind kind) {
  switch (kind) {
    case CrashKind::segfault:
      return "segfault";
    case CrashKind::abort:
      return "abort";
    case CrashKind::oom:
      return "oom";
  }
  return "unknown";
}

std::optional<CrashKind> Faults::crash_at_start_for(Process process) const {
  if (crash_at_start && crash_at_start->process == process) return crash_at_start->kind;
  return std::nullopt;
}

std::optional<CrashFault> Faults::crash_after_for(Process process) const {
  if (crash_after && crash_after->process == process) return crash_after;
  return std::nullopt;
}

std::optional<CrashKind> Faults::crash_on_sigterm_for(Process process) const {
  if (crash_on_sigterm && crash_on_sigterm->process == process) return crash_on_sigterm->kind;
  return std::nullopt;
}

double Faults::flood_megabytes_for(Process process) const {
  return flood_log && flood_log->process == process ? flood_log->megabytes : 0.0;
}

Faults parse_faults(const json& faults) {
  Faults parsed;
  if (faults.is_null()) return parsed;
  if (!faults.is_object()) {
    throw AgentError(exit_code::kConfig,
                     fmt::format("config: \"faults\" must be an object, found {}. Use {{}} for no "
                                 "faults.",
                                 faults.dump()));
  }
  using Reader = std::function<void(const json&)>;
  const std::map<std::string, Reader, std::less<>> readers = {
      {"crashAtStart",
       [&](const json& v) {
         parsed.crash_at_start =
             CrashFault{read_process(v, "crashAtStart"), read_kind(v, "crashAtStart"), {}};
       }},
      {"crashAfterS",
       [&](const json& v) {
         const Process process = read_process(v, "crashAfterS");
         const double seconds = read_non_negative(v, "crashAfterS", "seconds");
         parsed.crash_after = CrashFault{
             process, read_kind(v, "crashAfterS"),
             std::chrono::milliseconds(static_cast<std::int64_t>(std::llround(seconds * 1000)))};
       }},
      {"crashOnSigterm",
       [&](const json& v) {
         parsed.crash_on_sigterm =
             CrashFault{read_process(v, "crashOnSigterm"), read_kind(v, "crashOnSigterm"), {}};
       }},
      {"replyWhen",
       [&](const json& v) {
         if (!v.is_string() || v.get<std::string>().empty()) {
           fail("replyWhen", "the path of a trigger file", v);
         }
         parsed.reply_when = std::filesystem::path(v.get<std::string>());
       }},
      {"duplicatePollWhen",
       [&](const json& v) {
         if (!v.is_string() || v.get<std::string>().empty()) {
           fail("duplicatePollWhen", "the path of a trigger file", v);
         }
         parsed.duplicate_poll_when = std::filesystem::path(v.get<std::string>());
       }},
      {"neverHealthy", [&](const json& v) { parsed.never_healthy = read_bool(v, "neverHealthy"); }},
      {"noLease", [&](const json& v) { parsed.no_lease = read_bool(v, "noLease"); }},
      {"staleLease", [&](const json& v) { parsed.stale_lease = read_bool(v, "staleLease"); }},
      {"rawTokenInLease",
       [&](const json& v) { parsed.raw_token_in_lease = read_bool(v, "rawTokenInLease"); }},
      {"noDemotion", [&](const json& v) { parsed.no_demotion = read_bool(v, "noDemotion"); }},
      {"noReply", [&](const json& v) { parsed.no_reply = read_bool(v, "noReply"); }},
      {"leakTokenOnMessage",
       [&](const json& v) { parsed.leak_token_on_message = read_bool(v, "leakTokenOnMessage"); }},
      {"replyWithoutNonce",
       [&](const json& v) { parsed.reply_without_nonce = read_bool(v, "replyWithoutNonce"); }},
      {"replyWrongTopic",
       [&](const json& v) { parsed.reply_wrong_topic = read_bool(v, "replyWrongTopic"); }},
      {"ignoreSigterm",
       [&](const json& v) { parsed.ignore_sigterm = read_process(v, "ignoreSigterm"); }},
      {"forkGrandchild",
       [&](const json& v) { parsed.fork_grandchild = read_process(v, "forkGrandchild"); }},
      {"forkDaemon", [&](const json& v) { parsed.fork_daemon = read_process(v, "forkDaemon"); }},
      {"floodLogMb",
       [&](const json& v) {
         parsed.flood_log = FloodFault{read_process(v, "floodLogMb"),
                                       read_non_negative(v, "floodLogMb", "megabytes")};
       }},
  };
  for (const auto& [name, value] : faults.items()) {
    const auto reader = readers.find(name);
    if (reader == readers.end()) {
      std::string known;
      for (const auto& [known_name, unused] : readers) {
        known += known.empty() ? known_name : ", " + known_name;
      }
      throw AgentError(exit_code::kConfig,
                       fmt::format("config: unknown fault \"{}\" in \"faults\" (known: {}). Fix "
                                   "its spelling or remove it.",
                                   name, known));
    }
    reader->second(value);
  }
  return parsed;
}

}  // namespace tas::reference_agent
