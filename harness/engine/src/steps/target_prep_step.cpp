#include "step_factories.hpp"
#include <fmt/format.h>

#include <tas/backends/backend_error.hpp>
#include <tas/core/child_environment.hpp>
#include <tas/core/home_layout.hpp>
#include <tas/core/real_path.hpp>
#include <tas/engine/kept_home.hpp>
#include <tas/engine/report.hpp>
#include <tas/evidence/target_prep_evidence.hpp>

namespace tas {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string octal_mode(std::optional<fs::perms> mode) {
  if (!mode) return "missing";
  return fmt::format("{:04o}", static_cast<unsigned>(*mode & fs::perms::mask));
}

// Step 2 (docs/steps.md, '2 target-prep'): the throwaway home, its 0700 mode, the token file and a
// minimal config.
class TargetPrepStep final : public Step {
 public:
  [[nodiscard]] StepId id() const override { return StepId::target_prep; }

  StepOutcome run(RunContext& context) override {
    Deployer& deployer = *context.backends.deployer;
    DeployedHome& home = context.home;
    const fs::path root = context.settings.target;
    TargetPrepEvidence evidence;
    evidence.home = root.string();

    const TargetState state = deployer.inspect(root);
    evidence.state = to_string(state);
    const KeptHomeRecords kept(context.settings.kept_homes_directory);
    switch (state) {
      case TargetState::occupied:
        return refused(context,
                       fmt::format("refusing target '{}': it is not empty and holds no marker of "
                                   "an earlier --keep run of test-as-self, so it is not the run's "
                                   "to fill or delete. Nothing was changed; choose an empty or "
                                   "new directory.",
                                   root.string()),
                       evidence);
      case TargetState::not_a_directory:
        return refused(context,
                       fmt::format("refusing target '{}': it exists and is not a directory. "
                                   "Nothing was changed; choose a new directory.",
                                   root.string()),
                       evidence);
      case TargetState::earlier_kept_run:
        if (!kept.enabled() ||
            !KeptHomeRecords::proves(deployer.read_file(HomeLayout::of(root).marker),
                                     deployer.read_file(kept.record_file(root)), root)) {
          return refused(
              context,
              fmt::format("refusing target '{}': it holds a test-as-self marker, but no --keep "
                          "run recorded keeping this home; a marker file alone proves nothing, "
                          "and the run would delete the directory's content. Nothing was "
                          "changed; choose an empty or new directory.",
                          root.string()),
              evidence);
        }
        break;
      case TargetState::missing:
      case TargetState::empty_directory:
        break;
    }

    const HomeLayout layout = HomeLayout::of(root);
    home.root = root;
    home.marker_file = layout.marker;
    home.logs_dir = layout.logs;
    home.token_file = layout.token_file;
    if (state == TargetState::empty_directory) home.adopted_mode = deployer.mode_of(root);
    context.record_home_before_creating(state);
    deployer.create_directory(root);
    // Only now is there a home the run owns: a failure above leaves nothing to undo.
    home.created_by_run = state == TargetState::missing;
    home.adopted = state == TargetState::empty_directory;
    home.resumed = state == TargetState::earlier_kept_run;
    // The marker first: from here on the directory is recognisably this harness's. A kept home
    // outlives the run, and its marker is half the proof that lets a later run resume it, so then
    // it is made to outlive a power cut too.
    deployer.write_file(layout.marker, marker_content(context), fs::perms(0600),
                        context.settings.keep ? Durability::power_safe : Durability::crash_safe);
    deployer.create_directory(layout.logs);
    if (context.profile.environment.isolate) {
      for (const fs::path& directory : isolated_directories(root))
        deployer.create_directory(directory);
    }
    evidence.created = home.created_by_run;
    evidence.adopted = home.adopted;
    evidence.resumed = home.resumed;
    evidence.mode = octal_mode(deployer.mode_of(root));
    if (home.adopted_mode) evidence.mode_before = octal_mode(home.adopted_mode);
    evidence.marker = layout.marker.string();

    // Otherwise the port is read from the agent's config after deploy.
    if (context.profile.port.source == PortSpec::Source::allocate) {
      context.port = deployer.allocate_port();
      evidence.port = context.port;
    }

    if (context.token) {
      context.record_token_file_before_writing();
      deployer.write_secret(layout.token_file, *context.token);
      home.token_written = true;
      evidence.token_file = TokenFileEvidence{layout.token_file.string(),
                                              octal_mode(deployer.mode_of(layout.token_file))};
    }

    const Placeholders values = context.placeholders();
    try {
      home.state_dir = values.expand(context.profile.state_dir);
      home.config_file = values.expand(context.profile.config.path);
    } catch (const std::invalid_argument& error) {
      return StepOutcome::failed(fmt::format("profile path template: {}", error.what()), evidence);
    }
    for (const fs::path& own : {home.state_dir, home.config_file}) {
      if (!is_same_or_ancestor(root, own.lexically_normal()) || own.lexically_normal() == root) {
        return StepOutcome::failed(
            fmt::format(
                "the profile places '{}' outside the throwaway home '{}'; a run writes only "
                "inside its home. Fix 'state_dir' or 'config.path' in the profile.",
                own.string(), root.string()),
            evidence);
      }
    }
    deployer.create_directory(home.state_dir);
    const json config = context.placeholders().expand_json(context.profile.config.initial);
    // The agent's config lives as long as the run's processes: a power cut ends both.
    deployer.write_file(home.config_file, config.dump(2) + "\n", fs::perms(0600),
                        Durability::crash_safe);
    evidence.state_dir = home.state_dir.string();
    evidence.config_file = home.config_file.string();
    evidence.config = config;

    std::string detail = fmt::format(
        "{} {} (mode {}), port {}, config {}{}",
        evidence.created   ? "created"
        : evidence.resumed ? "resumed"
                           : "adopted",
        evidence.home, *evidence.mode,
        evidence.port ? std::to_string(*evidence.port) : std::string("from config"),
        fs::path(*evidence.config_file).filename().string(),
        evidence.token_file ? fmt::format(", token file {}", evidence.token_file->mode) : "");
    return StepOutcome::passed(std::move(detail), std::move(evidence));
  }

 private:
  static std::string marker_content(RunContext& context) {
    return home_marker_content(context.settings.run_id, context.profile.name,
                               iso8601_utc(context.clock().wall_now()));
  }

  // Every reason a target is refused exits 11, here as before the run began.
  static StepOutcome refused(RunContext& context, std::string why,
                             const TargetPrepEvidence& evidence) {
    context.target_refused = true;
    return StepOutcome::failed(std::move(why), evidence);
  }
};

}  // namespace

std::unique_ptr<Step> make_target_prep_step() {
  return std::make_unique<TargetPrepStep>();
}

}  // namespace tas
