#include "cleanup_command.hpp"

#include <fmt/format.h>

#include <tas/backends/reap_abandoned_runs.hpp>
#include <tas/core/state_directory.hpp>

namespace tas::cli {

int run_cleanup(std::ostream& out, std::ostream& err) {
  const auto registry = state_directory() / "runs";
  const ReapResult result = reap_abandoned_runs(registry);
  out << fmt::format("cleanup: {} run record(s) in {}\n", result.runs_looked_at, registry.string());
  for (const RunReap& run : result.runs) {
    out << fmt::format("  run {}: harness {} — {} process(es) ended, {} still alive{}\n",
                       run.run_id, to_string(run.harness), run.signalled.size(),
                       run.survivors.size(), run.file_removed ? ", record removed" : "");
    for (const ReapedProcess& process : run.signalled) {
      out << fmt::format("    ended pid {} ({}){}\n", process.pid, process.reason,
                         process.needed_sigkill ? " with SIGKILL" : "");
    }
    for (const ReapedProcess& process : run.survivors) {
      err << fmt::format("    still alive: pid {} ({})\n", process.pid, process.reason);
    }
    for (const std::string& removed : run.files_removed)
      out << fmt::format("    removed {}\n", removed);
    for (const std::string& left : run.files_left)
      out << fmt::format("    left {}\n", left);
  }
  for (const std::string& error : result.errors)
    err << "  error: " << error << "\n";
  if (result.clean()) {
    out << "cleanup: nothing of an abandoned run is left running or on disk\n";
    return 0;
  }
  if (result.survivor_count() > 0) {
    err << fmt::format("cleanup: {} process(es) could not be ended (see above)\n",
                       result.survivor_count());
  }
  if (!result.errors.empty()) {
    err << fmt::format("cleanup: {} problem(s) need a look (see the errors above)\n",
                       result.errors.size());
  }
  return 1;
}

}  // namespace tas::cli
