#include "launch_in_home.hpp"

#include <fmt/format.h>

#include <tas/backends/backend_error.hpp>
#include <tas/core/child_environment.hpp>
#include <tas/engine/run_context.hpp>

namespace tas {
namespace {

// A role or command name as a file name: letters, digits, '-' and '_' only.
std::string file_stem(std::string_view name) {
  std::string stem;
  for (const char c : name) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       c == '-' || c == '_';
    stem.push_back(plain ? c : '-');
  }
  return stem.empty() ? std::string("command") : stem;
}

}  // namespace

OutputFiles command_output(const RunContext& context, std::string_view name) {
  const auto log = context.home.logs_dir / (file_stem(name) + ".log");
  return {log, log};
}

OutputFiles process_output(const RunContext& context, std::string_view role) {
  const std::string stem = file_stem(role);
  return {context.home.logs_dir / (stem + ".stdout.log"),
          context.home.logs_dir / (stem + ".stderr.log")};
}

std::unique_ptr<Process> launch_in_home(RunContext& context, std::string role,
                                        const std::vector<std::string>& argv,
                                        const Placeholders& values, const OutputFiles& output) {
  LaunchSpec spec;
  spec.role = std::move(role);
  for (const std::string& argument : argv) {
    try {
      spec.argv.push_back(values.expand(argument));
    } catch (const std::invalid_argument& error) {
      throw BackendError(
          fmt::format("cannot start {}: argument '{}': {}", spec.role, argument, error.what()));
    }
  }
  spec.environment = child_environment(context.profile.environment, values, context.home.root,
                                       context.backends.parent_environment);
  for (const std::string& argument : spec.argv) {
    if (context.redactor.contains_secret(argument)) {
      throw BackendError(fmt::format(
          "refusing to start {}: one of its arguments would carry a secret; the token reaches the "
          "agent only through {{token_file}}",
          spec.role));
    }
  }
  for (const std::string& entry : spec.environment) {
    if (context.redactor.contains_secret(entry)) {
      throw BackendError(fmt::format(
          "refusing to start {}: its environment entry '{}' would carry a secret; the token "
          "reaches the agent only through {{token_file}}",
          spec.role, entry.substr(0, entry.find('='))));
    }
  }
  spec.working_directory = context.home.root;
  spec.stdout_file = output.stdout_file;
  spec.stderr_file = output.stderr_file;
  spec.allow_core_dumps = context.profile.crash_reports.core_dumps;
  return context.backends.launcher->launch(spec);
}

}  // namespace tas
