#include "children.hpp"
#include "step_factories.hpp"
#include <fmt/format.h>

#include <tas/backends/stop_together.hpp>
#include <tas/engine/command_runner.hpp>
#include <tas/engine/kept_home.hpp>
#include <tas/evidence/teardown_evidence.hpp>

namespace tas {
namespace {

// Step 7 (docs/steps.md, '7 teardown'): always runs, does everything it can even when a part fails,
// and undoes only what the run recorded doing. `--keep` keeps the home's files for forensics; the
// processes are stopped and the token file removed all the same, since nothing of a run may outlive
// it and the token lives on disk only while the agent runs.
class TeardownStep final : public Step {
 public:
  [[nodiscard]] StepId id() const override { return StepId::teardown; }

  StepOutcome run(RunContext& context) override {
    const DeployedHome& home = context.home;
    TeardownEvidence evidence;
    evidence.kept = context.settings.keep;
    evidence.home_was_created = context.owns_home();
    if (home.created_by_run) {
      evidence.home_how = "created";
    } else if (home.adopted) {
      evidence.home_how = "adopted";
    } else if (home.resumed) {
      evidence.home_how = "resumed";
    }
    std::vector<std::string>& problems = evidence.problems;
    auto attempt = [&](std::string_view what, auto&& action) {
      try {
        action();
      } catch (const std::exception& error) {
        problems.push_back(fmt::format("{}: {}", what, error.what()));
      }
    };

    std::int64_t& alive_after = evidence.alive_after;
    const auto grace =
        std::chrono::duration_cast<std::chrono::milliseconds>(context.profile.stop_grace);
    // Newest first: the order the report lists them in. They are all asked to stop at once and
    // share one grace, so k children that ignore SIGTERM cost one grace, not k.
    std::vector<RunChild*> children;
    std::vector<Process*> processes;
    std::vector<bool> was_running;
    for (auto child = context.children.rbegin(); child != context.children.rend(); ++child) {
      children.push_back(&*child);
      processes.push_back(child->process.get());
      bool running = false;
      attempt(fmt::format("checking {}", child->process->spec().role),
              [&]() { running = !child->process->poll().has_value(); });
      was_running.push_back(running);
    }
    // What left the groups is asked to stop in the same moment, while the processes it came from
    // still live to lead to it.
    attempt("asking processes that left their groups to stop",
            [&]() { context.backends.launcher->request_stray_stop(); });
    const std::vector<StopOutcome> outcomes = stop_together(processes, grace);
    for (std::size_t i = 0; i < children.size(); ++i) {
      RunChild& child = *children[i];
      Process& process = *child.process;
      StoppedProcessEvidence entry;
      entry.role = process.spec().role;
      entry.pid = process.pid();
      entry.process_group = process.process_group();
      if (outcomes[i].exit) {
        child.final_status = *outcomes[i].exit;
        entry.was_running = was_running[i];
        entry.exit = child.final_status;
        if (auto crash = unreported_crash(context, child, was_running[i])) {
          entry.crashed = true;
          problems.push_back(std::move(*crash));
        }
      } else {
        problems.push_back(fmt::format("stopping {}: {}", entry.role, outcomes[i].problem));
      }
      bool alive = true;
      attempt(fmt::format("checking {}", entry.role), [&]() { alive = process.group_alive(); });
      entry.group_alive_after = alive;
      if (alive) {
        ++alive_after;
        problems.push_back(fmt::format("{} (process group {}) is still alive after SIGKILL",
                                       entry.role, process.process_group()));
      }
      evidence.stopped.push_back(std::move(entry));
    }
    // What left the process groups (setsid daemons, terminal sessions) carries the run's marker,
    // or — its environment cleared — came back to the harness as an orphan (child subreaper).
    auto end_strays = [&]() {
      attempt("ending processes that left their groups", [&]() {
        const ProcessLauncher::Strays found = context.backends.launcher->end_strays(grace);
        for (const std::string& line : found.ended)
          evidence.strays.push_back(line);
        if (found.survivors > 0) {
          alive_after += static_cast<std::int64_t>(found.survivors);
          problems.push_back(fmt::format("{} process(es) that left their group survived SIGKILL",
                                         found.survivors));
        }
      });
    };
    end_strays();

    if (context.owns_home()) {
      for (const CommandSpec& hook : context.profile.hooks_teardown) {
        attempt(fmt::format("teardown hook {}", hook.name), [&]() {
          // Teardown hooks get their own time: the overall deadline may already have passed.
          const CommandRun run =
              run_command(context, hook, command_deadline(context, hook), Interruptible::no);
          evidence.hooks.push_back(run);
          if (!run.success()) problems.push_back(fmt::format("teardown hook: {}", run.describe()));
        });
      }
    }
    // A teardown hook may leave something running, too.
    if (!evidence.hooks.empty()) end_strays();

    if (context.before_home_removed) {
      attempt("keeping the logs of the failed run",
              [&]() { context.before_home_removed(evidence.problems); });
    }

    Deployer& deployer = *context.backends.deployer;
    if (context.home.token_written) {
      evidence.token_file_removed = false;
      attempt("removing the token file", [&]() {
        deployer.remove_file(context.home.token_file);
        context.home.token_written = false;
        evidence.token_file_removed = true;
      });
    }
    const KeptHomeRecords kept(context.settings.kept_homes_directory);
    if (!context.settings.keep && context.owns_home()) {
      attempt("removing the home", [&]() {
        evidence.home_removed =
            deployer.remove_home(context.home.root, /*keep_root=*/context.home.adopted);
        context.home.dist_linked = false;
      });
      if (context.home.adopted && context.home.adopted_mode) {
        attempt("restoring the given directory's mode", [&]() {
          deployer.set_mode(context.home.root, *context.home.adopted_mode);
          evidence.mode_restored = fmt::format(
              "{:04o}",
              static_cast<unsigned>(*context.home.adopted_mode & std::filesystem::perms::mask));
        });
      }
      if (context.home.resumed && kept.enabled()) {
        attempt("forgetting the kept home",
                [&]() { (void)deployer.remove_file(kept.record_file(context.home.root)); });
      }
    }
    if (context.settings.keep && context.owns_home() && kept.enabled()) {
      // The proof a later run needs before it resumes (and may delete) this home; a kept home is
      // meant to outlast the run, even a power cut.
      attempt("recording the kept home", [&]() {
        deployer.create_directory(kept.directory());
        deployer.write_file(
            kept.record_file(context.home.root),
            KeptHomeRecords::record_content(context.settings.run_id, context.home.root),
            std::filesystem::perms(0600), Durability::power_safe);
        evidence.kept_record = kept.record_file(context.home.root).string();
      });
    }
    evidence.home = context.home.root.string();

    if (!evidence.problems.empty()) {
      std::string detail = evidence.problems.front();
      if (evidence.problems.size() > 1)
        detail += fmt::format(" (and {} more problem(s))", evidence.problems.size() - 1);
      return StepOutcome::failed(detail, std::move(evidence));
    }
    std::string home_fate = !evidence.home_was_created ? std::string("no home was created")
                            : evidence.kept ? fmt::format("home kept at {} (--keep)", evidence.home)
                                            : std::string("home removed");
    std::string detail = fmt::format("{} process(es) stopped, nothing left running, {}",
                                     evidence.stopped.size(), home_fate);
    return StepOutcome::passed(std::move(detail), std::move(evidence));
  }
};

}  // namespace

std::unique_ptr<Step> make_teardown_step() {
  return std::make_unique<TeardownStep>();
}

}  // namespace tas
