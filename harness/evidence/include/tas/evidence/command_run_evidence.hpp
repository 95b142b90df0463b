#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <tas/backends/process_launcher.hpp>

namespace tas {

// A profile command (rebuild, init, a hook) run to completion inside the home.
struct CommandRun {
  std::string name;
  std::vector<std::string> argv;
  std::optional<ExitStatus> exit;  // nullopt when it did not end by itself
  bool timed_out = false;
  bool interrupted = false;
  std::string interrupted_by;  // "interrupted by SIGINT"
  std::chrono::milliseconds duration{0};
  std::filesystem::path log;
  std::string log_tail;

  [[nodiscard]] bool success() const { return exit && exit->success(); }
  // "rebuild exited with code 1", "rebuild did not finish within 300 s and was stopped", …
  [[nodiscard]] std::string describe() const;
  [[nodiscard]] nlohmann::json to_json() const;
};

// How a process ended and how a profile command ran, as every step's evidence writes them (the
// shapes of docs/report.md). `success` and `description` are written for readers and not read
// back: whoever judges an exit judges its kind, code and signal.
void to_json(nlohmann::json& out, const ExitStatus& status);
void from_json(const nlohmann::json& in, ExitStatus& status);  // throws EvidenceError

// `interrupted_by` is not written: the command's description says it.
void to_json(nlohmann::json& out, const CommandRun& run);
void from_json(const nlohmann::json& in, CommandRun& run);  // throws EvidenceError

}  // namespace tas
