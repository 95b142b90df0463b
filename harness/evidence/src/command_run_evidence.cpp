#include <csignal>

#include "fields.hpp"
#include <fmt/format.h>

#include <tas/core/interrupt.hpp>
#include <tas/evidence/command_run_evidence.hpp>

namespace tas {
namespace {

using evidence_json::read_field;

int signal_numbered(const std::string& name) {
  for (int number = 1; number < NSIG; ++number) {
    if (signal_name(number) == name) return number;
  }
  throw EvidenceError("/signal", fmt::format("is \"{}\", which names no signal", name));
}

}  // namespace

std::string CommandRun::describe() const {
  if (interrupted) return fmt::format("{} was {} and stopped", name, interrupted_by);
  if (timed_out) return fmt::format("{} did not finish in time and was stopped", name);
  if (!exit) return fmt::format("{} did not run", name);
  return fmt::format("{} {}", name, exit->describe());
}

nlohmann::json CommandRun::to_json() const {
  return {
      {"name", name},
      {"argv", argv},
      {"exit", exit ? exit->to_json() : nlohmann::json(nullptr)},
      {"timed_out", timed_out},
      {"interrupted", interrupted},
      {"duration_ms", duration.count()},
      {"log", log.string()},
      {"log_tail", log_tail},
  };
}

void to_json(nlohmann::json& out, const ExitStatus& status) {
  out = status.to_json();
}

void from_json(const nlohmann::json& in, ExitStatus& status) {
  std::string kind;
  std::optional<int> code;
  std::optional<std::string> signal;
  read_field(in, "kind", kind);
  read_field(in, "code", code);
  read_field(in, "signal", signal);
  read_field(in, "core_dumped", status.core_dumped);
  if (kind == "exited") {
    if (!code)
      throw EvidenceError("/code", "is null, expected the code an exited process ended with");
    status.kind = ExitStatus::Kind::exited;
    status.code = *code;
  } else if (kind == "signaled") {
    if (!signal)
      throw EvidenceError("/signal", "is null, expected the signal that ended the process");
    status.kind = ExitStatus::Kind::signaled;
    status.signal = signal_numbered(*signal);
  } else {
    throw EvidenceError("/kind",
                        fmt::format("is \"{}\", expected \"exited\" or \"signaled\"", kind));
  }
}

void to_json(nlohmann::json& out, const CommandRun& run) {
  out = run.to_json();
}

void from_json(const nlohmann::json& in, CommandRun& run) {
  std::int64_t duration_ms = 0;
  std::string log;
  read_field(in, "name", run.name);
  read_field(in, "argv", run.argv);
  read_field(in, "exit", run.exit);
  read_field(in, "timed_out", run.timed_out);
  read_field(in, "interrupted", run.interrupted);
  read_field(in, "duration_ms", duration_ms);
  read_field(in, "log", log);
  read_field(in, "log_tail", run.log_tail);
  run.duration = std::chrono::milliseconds(duration_ms);
  run.log = log;
}

}  // namespace tas
