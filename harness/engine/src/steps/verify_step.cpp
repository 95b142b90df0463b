#include "step_factories.hpp"
#include <fmt/format.h>

namespace tas {
namespace {

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

    VerifyEvidence evidence = context.backends.verifier->verify(input);
    if (auto problem = evidence.problem()) return StepOutcome::failed(*problem, evidence);
    std::string detail = fmt::format("{} checks passed", evidence.checks.size());
    return StepOutcome::passed(std::move(detail), std::move(evidence));
  }
};

}  // namespace

std::unique_ptr<Step> make_verify_step() {
  return std::make_unique<VerifyStep>();
}

}  // namespace tas
