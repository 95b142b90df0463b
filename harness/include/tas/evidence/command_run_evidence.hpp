#pragma once

#include <nlohmann/json.hpp>

#include <tas/backends/process_launcher.hpp>
#include <tas/command_runner.hpp>

namespace tas {

// How a process ended and how a profile command ran, as every step's evidence writes them (the
// shapes of docs/report.md). `success` and `description` are written for readers and not read
// back: whoever judges an exit judges its kind, code and signal.
void to_json(nlohmann::json& out, const ExitStatus& status);
void from_json(const nlohmann::json& in, ExitStatus& status);  // throws EvidenceError

// `interrupted_by` is not written: the command's description says it.
void to_json(nlohmann::json& out, const CommandRun& run);
void from_json(const nlohmann::json& in, CommandRun& run);  // throws EvidenceError

}  // namespace tas
