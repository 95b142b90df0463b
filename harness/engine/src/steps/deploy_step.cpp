#include "step_factories.hpp"
#include <fmt/format.h>

#include <tas/core/home_layout.hpp>
#include <tas/core/untrusted_json.hpp>
#include <tas/engine/command_runner.hpp>
#include <tas/evidence/deploy_evidence.hpp>

namespace tas {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr std::size_t kTailInDetail = 600;

std::string last_part(const std::string& text, std::size_t bytes) {
  return text.size() <= bytes ? text : "…" + text.substr(text.size() - bytes);
}

// Step 3 (docs/steps.md, '3 deploy'): link the current build into the home, rebuild native parts
// there, init, and patch the agent's config.
class DeployStep final : public Step {
 public:
  [[nodiscard]] StepId id() const override { return StepId::deploy; }

  StepOutcome run(RunContext& context) override {
    Deployer& deployer = *context.backends.deployer;
    const AgentProfile& profile = context.profile;
    const HomeLayout layout = HomeLayout::of(context.home.root);
    DeployEvidence evidence;
    evidence.dist = profile.dist.string();

    if (!deployer.mode_of(profile.dist)) {
      return StepOutcome::failed(
          fmt::format("the agent's build '{}' does not exist (profile field 'dist' in {}); build "
                      "the agent first",
                      profile.dist.string(), profile.source),
          evidence);
    }
    deployer.symlink(layout.dist_link, profile.dist);
    context.home.dist_link = layout.dist_link;
    context.home.dist_linked = true;
    evidence.dist_link = layout.dist_link.string();

    for (const auto* command : {&profile.rebuild, &profile.init}) {
      if (!command->has_value()) continue;
      const CommandRun run = run_command(
          context, **command, command_deadline(context, **command).earliest(context.deadline));
      evidence.commands.push_back(run);
      if (!run.success()) {
        return StepOutcome::failed(fmt::format("{} (log {}): {}", run.describe(), run.log.string(),
                                               last_part(run.log_tail, kTailInDetail)),
                                   evidence);
      }
    }

    if (!profile.config.merge_patch.is_null()) {
      if (auto problem = apply_merge_patch(context)) return StepOutcome::failed(*problem, evidence);
      evidence.config_patched = true;
    }

    if (profile.port.source == PortSpec::Source::config) {
      if (auto problem = read_port(context)) return StepOutcome::failed(*problem, evidence);
    }
    evidence.port = context.port;

    std::string commands;
    for (const CommandRun& run : evidence.commands)
      commands += fmt::format(", {} {} ms", run.name, run.duration.count());
    std::string detail =
        fmt::format("dist linked{}{}", commands, evidence.config_patched ? ", config patched" : "");
    return StepOutcome::passed(std::move(detail), std::move(evidence));
  }

 private:
  static std::optional<json> read_config(RunContext& context, std::string& problem) {
    const auto text = context.backends.deployer->read_file(context.home.config_file);
    if (!text) {
      problem = fmt::format("the agent's config '{}' is missing after init",
                            context.home.config_file.string());
      return std::nullopt;
    }
    json config = parse_untrusted_json(*text).value;
    if (config.is_discarded() || !config.is_object()) {
      problem = fmt::format("the agent's config '{}' is not a JSON object",
                            context.home.config_file.string());
      return std::nullopt;
    }
    return config;
  }

  // The profile's config.merge_patch (RFC 7386), applied after init and before start.
  static std::optional<std::string> apply_merge_patch(RunContext& context) {
    std::string problem;
    auto config = read_config(context, problem);
    if (!config) return problem;
    config->merge_patch(context.placeholders().expand_json(context.profile.config.merge_patch));
    context.backends.deployer->write_file(context.home.config_file, config->dump(2) + "\n",
                                          fs::perms(0600), Durability::crash_safe);
    return std::nullopt;
  }

  static std::optional<std::string> read_port(RunContext& context) {
    std::string problem;
    auto config = read_config(context, problem);
    if (!config) return problem;
    const json::json_pointer pointer(context.profile.port.config_pointer);
    if (!config->contains(pointer) || !(*config)[pointer].is_number_integer() ||
        (*config)[pointer].get<long>() < 1 || (*config)[pointer].get<long>() > 65535) {
      return fmt::format(
          "the agent's config '{}' has no TCP port at {} (profile field 'port.pointer')",
          context.home.config_file.string(), context.profile.port.config_pointer);
    }
    context.port = static_cast<std::uint16_t>((*config)[pointer].get<long>());
    return std::nullopt;
  }
};

}  // namespace

std::unique_ptr<Step> make_deploy_step() {
  return std::make_unique<DeployStep>();
}

}  // namespace tas
