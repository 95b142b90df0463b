#include "step_factories.hpp"
#include <fmt/format.h>

#include <tas/command_runner.hpp>

namespace tas {
namespace {

using nlohmann::json;

// Step 7 (SPEC §3): always runs, does everything it can even when a part fails, and undoes only
// what the run recorded doing. `--keep` keeps the home's files for forensics; the processes are
// stopped and the token file removed all the same, since nothing of a run may outlive it and the
// token lives on disk only while the agent runs.
class TeardownStep final : public Step {
 public:
  [[nodiscard]] StepId id() const override { return StepId::teardown; }

  StepOutcome run(RunContext& context) override {
    json evidence = {{"kept", context.settings.keep}, {"home_was_created", context.owns_home()}};
    std::vector<std::string> problems;
    auto attempt = [&](std::string_view what, auto&& action) {
      try {
        action();
      } catch (const std::exception& error) {
        problems.push_back(fmt::format("{}: {}", what, error.what()));
      }
    };

    json stopped = json::array();
    int alive_after = 0;
    const auto grace =
        std::chrono::duration_cast<std::chrono::milliseconds>(context.profile.stop_grace);
    for (auto child = context.children.rbegin(); child != context.children.rend(); ++child) {
      Process& process = *child->process;
      json entry = {{"role", process.spec().role},
                    {"pid", process.pid()},
                    {"process_group", process.process_group()}};
      attempt(fmt::format("stopping {}", process.spec().role), [&]() {
        const bool was_running = !process.poll().has_value();
        child->final_status = process.stop(grace);
        entry["was_running"] = was_running;
        entry["exit"] = child->final_status->to_json();
      });
      bool alive = true;
      attempt(fmt::format("checking {}", process.spec().role),
              [&]() { alive = process.group_alive(); });
      entry["group_alive_after"] = alive;
      if (alive) {
        ++alive_after;
        problems.push_back(fmt::format("{} (process group {}) is still alive after SIGKILL",
                                       process.spec().role, process.process_group()));
      }
      stopped.push_back(std::move(entry));
    }
    // What left the process groups (setsid daemons, terminal sessions) carries the run's marker.
    json strays = json::array();
    attempt("ending processes that left their groups", [&]() {
      const ProcessLauncher::Strays found = context.backends.launcher->end_strays(grace);
      for (const std::string& line : found.ended) strays.push_back(line);
      if (found.survivors > 0) {
        alive_after += static_cast<int>(found.survivors);
        problems.push_back(fmt::format("{} process(es) that left their group survived SIGKILL", found.survivors));
      }
    });
    evidence["stopped"] = std::move(stopped);
    evidence["strays"] = std::move(strays);
    evidence["alive_after"] = alive_after;

    json hooks = json::array();
    if (context.owns_home()) {
      for (const CommandSpec& hook : context.profile.hooks_teardown) {
        attempt(fmt::format("teardown hook {}", hook.name), [&]() {
          // Teardown hooks get their own time: the overall deadline may already have passed.
          const CommandRun run =
              run_command(context, hook, command_deadline(context, hook), Interruptible::no);
          hooks.push_back(run.to_json());
          if (!run.success()) problems.push_back(fmt::format("teardown hook: {}", run.describe()));
        });
      }
    }
    evidence["hooks"] = std::move(hooks);

    Deployer& deployer = *context.backends.deployer;
    evidence["token_file_removed"] = nullptr;
    if (context.home.token_written) {
      attempt("removing the token file", [&]() {
        deployer.remove_file(context.home.token_file);
        context.home.token_written = false;
        evidence["token_file_removed"] = true;
      });
    }
    evidence["home_removed"] = false;
    if (!context.settings.keep && context.owns_home()) {
      attempt("removing the home", [&]() {
        evidence["home_removed"] =
            deployer.remove_home(context.home.root, /*keep_root=*/context.home.adopted);
        context.home.dist_linked = false;
      });
    }
    evidence["home"] = context.home.root.string();
    evidence["problems"] = problems;

    if (!problems.empty()) {
      std::string detail = problems.front();
      if (problems.size() > 1)
        detail += fmt::format(" (and {} more problem(s))", problems.size() - 1);
      return StepOutcome::failed(detail, std::move(evidence));
    }
    std::string home_fate = !context.owns_home()    ? std::string("no home was created")
                            : context.settings.keep ? fmt::format("home kept at {} (--keep)",
                                                                  context.home.root.string())
                                                    : std::string("home removed");
    std::string detail = fmt::format("{} process(es) stopped, nothing left running, {}",
                                     evidence["stopped"].size(), home_fate);
    return StepOutcome::passed(std::move(detail), std::move(evidence));
  }
};

}  // namespace

std::unique_ptr<Step> make_teardown_step() {
  return std::make_unique<TeardownStep>();
}

}  // namespace tas
