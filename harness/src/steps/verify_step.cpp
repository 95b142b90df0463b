#include "step_factories.hpp"
#include <fmt/format.h>

namespace tas {
namespace {

using nlohmann::json;

// Step 6 (docs/steps.md, '6 verify'): the deterministic verifier over the running deploy; its whole
// result is the evidence.
class VerifyStep final : public Step {
 public:
  [[nodiscard]] StepId id() const override { return StepId::verify; }

  StepOutcome run(RunContext& context) override {
    VerifyInput input;
    input.home = context.home.root;
    input.state_dir = context.home.state_dir;
    if (context.token) input.token_hash = context.token->sha256();
    for (RunChild& child : context.children) {
      const std::optional<ExitStatus> exit = child.process->poll();
      // The verifier fails on every child that did not end cleanly, naming how it ended.
      if (exit && !exit->success()) child.end_reported = true;
      input.children.push_back(ChildView{child.process->spec().role, child.process->pid(), exit,
                                         child.process->spec().stdout_file,
                                         child.process->spec().stderr_file});
    }
    const Placeholders values = context.placeholders();
    for (const std::string& log : context.profile.logs)
      input.logs.emplace_back(values.expand(log));
    input.demotion = context.profile.demotion;
    input.demoted_server_log = context.demoted_server_log;
    // Both mode lines are about polling a bot; without one a server has nothing to poll and says
    // so in words of its own ("Telegram disabled"), so neither line is asked for.
    if (context.has_bot()) input.no_poll_server_log = context.no_poll_server_log;
    input.crash_patterns = context.profile.crash_patterns;
    input.crash_report_dir = values.expand(context.profile.crash_reports.directory);

    json result = context.backends.verifier->verify(input);
    std::vector<std::string> failed;
    std::size_t passed = 0;
    if (result.contains("checks") && result["checks"].is_array()) {
      for (const json& check : result["checks"]) {
        if (check.value("ok", false)) {
          ++passed;
        } else {
          failed.push_back(fmt::format("{}: {}", check.value("name", std::string("?")),
                                       check.value("detail", std::string())));
        }
      }
    }
    if (result.value("ok", false) && failed.empty()) {
      return StepOutcome::passed(fmt::format("{} checks passed", passed), std::move(result));
    }
    std::string detail =
        failed.empty() ? std::string("the verifier did not say ok") : failed.front();
    if (failed.size() > 1)
      detail += fmt::format(" (and {} more failed check(s))", failed.size() - 1);
    return StepOutcome::failed(detail, std::move(result));
  }
};

}  // namespace

std::unique_ptr<Step> make_verify_step() {
  return std::make_unique<VerifyStep>();
}

}  // namespace tas
