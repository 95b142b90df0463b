#include <fmt/format.h>
#include <sys/wait.h>

#include <tas/backends/process_launcher.hpp>
#include <tas/core/interrupt.hpp>

namespace tas {

ExitStatus ExitStatus::from_wait_status(int status) {
  ExitStatus decoded;
  if (WIFSIGNALED(status)) {
    decoded.kind = Kind::signaled;
    decoded.signal = WTERMSIG(status);
    decoded.core_dumped = WCOREDUMP(status);
  } else {
    decoded.kind = Kind::exited;
    decoded.code = WEXITSTATUS(status);
  }
  return decoded;
}

std::string ExitStatus::describe() const {
  if (kind == Kind::exited) return fmt::format("exited with code {}", code);
  return fmt::format("killed by {}{}", signal_name(signal), core_dumped ? " (core dumped)" : "");
}

nlohmann::json ExitStatus::to_json() const {
  return {
      {"kind", kind == Kind::exited ? "exited" : "signaled"},
      {"code", kind == Kind::exited ? nlohmann::json(code) : nlohmann::json(nullptr)},
      {"signal",
       kind == Kind::signaled ? nlohmann::json(signal_name(signal)) : nlohmann::json(nullptr)},
      {"core_dumped", core_dumped},
      {"success", success()},
      {"description", describe()},
  };
}

}  // namespace tas
