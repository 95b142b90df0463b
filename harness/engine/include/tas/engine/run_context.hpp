#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <tas/core/deadline.hpp>
#include <tas/core/placeholders.hpp>
#include <tas/core/profile.hpp>
#include <tas/core/redaction.hpp>
#include <tas/core/secret.hpp>
#include <tas/core/wait.hpp>
#include <tas/engine/backend_set.hpp>
#include <tas/engine/run_settings.hpp>

namespace tas {

class ProgressSink;

// The throwaway home and what the run put into it. Teardown removes exactly what is recorded
// here, and nothing else.
struct DeployedHome {
  std::filesystem::path root;
  std::filesystem::path marker_file;
  std::filesystem::path token_file;
  std::filesystem::path config_file;
  std::filesystem::path state_dir;
  std::filesystem::path logs_dir;
  std::filesystem::path dist_link;
  bool created_by_run = false;  // the run created the directory itself
  bool adopted = false;         // it was an empty directory given to the run: emptied, not removed
  bool resumed = false;         // it held the marker of a home an earlier --keep run recorded
  // The adopted directory's mode before the run set it to 0700; teardown puts it back.
  std::optional<std::filesystem::perms> adopted_mode;
  bool token_written = false;
  bool dist_linked = false;
};

// A process the run started, and what it is for.
struct RunChild {
  std::unique_ptr<Process> process;
  std::optional<ExitStatus> final_status;  // set when teardown stopped it
  // When it was started (calendar microseconds): its program was running by then, so an agent's
  // own timestamps of its start-up can be set against it.
  std::optional<std::int64_t> started_at_us;
  // A step already failed naming how it ended, so teardown need not report that end again.
  bool end_reported = false;
};

// Everything the seven steps share while a run is under way.
struct RunContext {
  RunContext(const RunSettings& settings_, const AgentProfile& profile_, BackendSet& backends_,
             ProgressSink& progress_, Redactor& redactor_, Deadline deadline_)
      : settings(settings_),
        profile(profile_),
        backends(backends_),
        progress(progress_),
        redactor(redactor_),
        deadline(deadline_),
        waiter(*backends_.clock, progress_) {}

  const RunSettings& settings;
  const AgentProfile& profile;
  BackendSet& backends;
  ProgressSink& progress;  // redacts before it shows anything
  Redactor& redactor;      // learns the token in step 1
  Deadline deadline;       // the overall --timeout-s deadline
  Waiter waiter;

  std::optional<Secret> token;                              // step 1
  std::optional<BotIdentity> bot;                           // step 1
  DeployedHome home;                                        // step 2
  bool target_refused = false;                              // step 2: the run exits 11
  std::uint16_t port = 0;                                   // step 2
  std::vector<RunChild> children;                           // steps 3 and 4
  std::optional<std::filesystem::path> no_poll_server_log;  // step 4
  std::optional<std::filesystem::path> demoted_server_log;  // step 4, the demotion proof
  // Called by teardown once every process has stopped (so a crash's last words are written) and
  // before the home is removed, with teardown's problems so far: the engine takes a failed run's
  // logs out of the home then (failure_logs.hpp).
  std::function<void(const std::vector<std::string>& teardown_problems)> before_home_removed;

  [[nodiscard]] Clock& clock() const { return *backends.clock; }
  // The deadline of a step that may wait a quarter of the overall timeout (steps 4 and 5).
  [[nodiscard]] Deadline step_wait_deadline() const;
  // The values of the profile's placeholders as far as the run has got.
  [[nodiscard]] Placeholders placeholders() const;
  [[nodiscard]] bool has_bot() const { return token.has_value(); }
  // Write down in the process registry, before step 2 creates the home (home.root, found in
  // `state`) or the token file, what is about to exist, so that a cleanup after a SIGKILL removes
  // it. Nothing without a registry; throw when the registry cannot be written (then nothing is
  // created).
  void record_home_before_creating(TargetState state) const;
  void record_token_file_before_writing() const;
  // The home exists and everything in it is the run's (or an earlier run's of this harness).
  [[nodiscard]] bool owns_home() const {
    return home.created_by_run || home.adopted || home.resumed;
  }
};

// A wait condition that turns fatal as soon as any child of the run has ended, naming it, its
// decoded exit status and the tail of its output: no waiting out the timeout for a process that
// is already dead (docs/architecture.md, 'Waiting').
[[nodiscard]] Condition children_alive(RunContext& context);

}  // namespace tas
