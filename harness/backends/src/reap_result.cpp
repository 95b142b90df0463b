#include <tas/backends/reap_abandoned_runs.hpp>

namespace tas {

using nlohmann::json;

std::string to_string(RunReap::Harness harness) {
  switch (harness) {
    case RunReap::Harness::alive:
      return "alive";
    case RunReap::Harness::dead:
      return "dead";
    case RunReap::Harness::other_boot:
      return "other-boot";
    case RunReap::Harness::other_host:
      return "other-host";
  }
  return "unknown";
}

json ReapedProcess::to_json() const {
  return {{"pid", pid},
          {"start_time", start_time},
          {"run_id", run_id},
          {"reason", reason},
          {"needed_sigkill", needed_sigkill}};
}

json RunReap::to_json() const {
  json signalled_json = json::array();
  for (const ReapedProcess& process : signalled)
    signalled_json.push_back(process.to_json());
  json survivors_json = json::array();
  for (const ReapedProcess& process : survivors)
    survivors_json.push_back(process.to_json());
  return {{"run_id", run_id},
          {"file", file.string()},
          {"harness_pid", harness_pid},
          {"harness", to_string(harness)},
          {"signalled", std::move(signalled_json)},
          {"survivors", std::move(survivors_json)},
          {"files_removed", files_removed},
          {"files_left", files_left},
          {"file_removed", file_removed}};
}

std::size_t ReapResult::signalled_count() const {
  std::size_t count = 0;
  for (const RunReap& run : runs)
    count += run.signalled.size();
  return count;
}

std::size_t ReapResult::survivor_count() const {
  std::size_t count = 0;
  for (const RunReap& run : runs)
    count += run.survivors.size();
  return count;
}

json ReapResult::to_json() const {
  json runs_json = json::array();
  for (const RunReap& run : runs)
    runs_json.push_back(run.to_json());
  return {{"runs_looked_at", runs_looked_at}, {"signalled", signalled_count()},
          {"survivors", survivor_count()},    {"clean", clean()},
          {"runs", std::move(runs_json)},     {"errors", errors}};
}

}  // namespace tas
