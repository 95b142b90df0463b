#include "children.hpp"
#include "launch_in_home.hpp"
#include "step_factories.hpp"
#include <fmt/format.h>

#include <tas/backends/conditions.hpp>
#include <tas/engine/command_runner.hpp>
#include <tas/evidence/start_evidence.hpp>

namespace tas {
namespace {

std::vector<std::string> concat(std::vector<std::string> first,
                                const std::vector<std::string>& second) {
  first.insert(first.end(), second.begin(), second.end());
  return first;
}

bool mentions_port(const std::vector<std::string>& argv) {
  for (const std::string& argument : argv) {
    if (argument.find("{port}") != std::string::npos) return true;
  }
  return false;
}

std::string seconds(std::chrono::milliseconds duration) {
  return fmt::format("{:.1f} s", static_cast<double>(duration.count()) / 1000.0);
}

std::string seconds_or_unknown(const std::optional<std::int64_t>& milliseconds) {
  return milliseconds ? seconds(std::chrono::milliseconds(*milliseconds)) : std::string("? s");
}

std::optional<std::int64_t> milliseconds_of(const std::optional<std::chrono::milliseconds>& time) {
  if (!time) return std::nullopt;
  return time->count();
}

std::optional<std::int64_t> microseconds_of(
    const std::optional<std::chrono::system_clock::time_point>& when) {
  if (!when) return std::nullopt;
  return epoch_microseconds(*when);
}

// An agent is often ready within milliseconds: the first looks come 1, 2, 4… ms apart, then
// every 50 ms, so readiness is seen soon after it happens instead of up to a whole interval late.
// A change in `wakes` (a lease written, a log line — an agent usually logs as it starts to
// listen) brings the next look forward at once.
// A child that dies ends the wait (children_alive): its end wakes the wait, too.
void watch_children(WakeOnChange& wakes, const RunContext& context) {
  for (const RunChild& child : context.children)
    wakes.watch_exit(child.process->exit_descriptor());
}

WaitSpec quick_then_steady(std::string what, const Deadline& deadline,
                           std::shared_ptr<WakeOnChange> wakes) {
  WaitSpec spec{std::move(what), deadline};
  spec.first_interval = std::chrono::milliseconds(1);
  spec.wakes = std::move(wakes);
  return spec;
}

// Step 4 (docs/steps.md, '4 start'): the server with its no-poll flag, the lifeline as the sole
// poller, health and lease lock-in decided by the agent's own rule — then the demotion proof: a
// second server without the flag must find the lease and demote.
class StartStep final : public Step {
 public:
  [[nodiscard]] StepId id() const override { return StepId::start; }

  StepOutcome run(RunContext& context) override {
    const AgentProfile& profile = context.profile;
    StartEvidence evidence;

    for (const CommandSpec& hook : profile.hooks_before_start) {
      const CommandRun run =
          run_command(context, hook, command_deadline(context, hook).earliest(context.deadline));
      evidence.hooks.push_back(run);
      if (!run.success()) {
        return StepOutcome::failed(fmt::format("before-start hook: {}", run.describe()), evidence);
      }
    }

    const Placeholders values = context.placeholders();
    const auto server_argv =
        concat(concat(profile.server.command.argv, profile.crash_reports.server_args),
               {profile.server.no_poll_flag});
    start_child(context, "server", server_argv, values);
    context.no_poll_server_log = context.children.back().process->spec().stdout_file;
    if (context.has_bot()) {
      start_child(context, "lifeline",
                  concat(profile.lifeline.argv, profile.crash_reports.lifeline_args), values);
    }

    const Deadline deadline = context.step_wait_deadline();
    const std::string url = fmt::format("http://127.0.0.1:{}{}", context.port, profile.health_path);
    const std::string token_hash = context.has_bot() ? context.token->sha256() : std::string();
    HealthReading health;
    lease::Verdict lease;
    ReadinessProbe& readiness = *context.backends.probe;
    const NamedCondition healthy = for_health(readiness, url, children_alive(context), &health);
    AllOf ready(context.clock());
    ready.add("health", healthy.check);
    std::string what = healthy.what;
    if (context.has_bot()) {
      const NamedCondition leased =
          for_lease(readiness, context.home.state_dir, token_hash, children_alive(context), &lease);
      ready.add("lease", leased.check);
      what += " and " + leased.what;
    }
    auto wakes = std::make_shared<WakeOnChange>();
    wakes->watch_directory(context.home.state_dir);
    wakes->watch_directory(context.no_poll_server_log->parent_path());
    watch_children(*wakes, context);
    const WaitOutcome waited =
        context.waiter.wait(quick_then_steady(what, deadline, std::move(wakes)), std::ref(ready));
    evidence.waited_ms = waited.waited.count();
    evidence.health = HealthEvidence{.url = url,
                                     .status = health.status,
                                     .error = health.error,
                                     .after_ms = milliseconds_of(ready.ready_after("health")),
                                     .seen_at_us = microseconds_of(ready.ready_at("health"))};
    LeaseEvidence& lease_evidence = evidence.lease.emplace();
    lease_evidence.required = context.has_bot();
    lease_evidence.path = lease::path_in(context.home.state_dir).string();
    if (context.has_bot()) {
      lease_evidence.decision = lease::to_string(lease.decision);
      lease_evidence.after_ms = milliseconds_of(ready.ready_after("lease"));
      lease_evidence.seen_at_us = microseconds_of(ready.ready_at("lease"));
    }
    if (lease.lease) {
      lease_evidence.pid = lease.lease->pid;
      lease_evidence.age_ms = lease.age_ms;
    }
    if (!waited.ready()) {
      evidence.processes = describe_children(context);
      return StepOutcome::failed(not_ready(waited, what), evidence);
    }

    const DemotionProbeEvidence& probe =
        evidence.demotion_probe.emplace(demotion_probe(context, deadline));
    evidence.processes = describe_children(context);
    if (probe.problem) return StepOutcome::failed(*probe.problem, evidence);

    std::string detail =
        fmt::format("health 200 after {}", seconds_or_unknown(evidence.health->after_ms));
    if (lease_evidence.required) {
      detail +=
          fmt::format("; lease owned by lifeline pid {} after {}", lease_evidence.pid.value_or(0),
                      seconds_or_unknown(lease_evidence.after_ms));
    }
    if (probe.exercised && probe.line_seen) {
      detail += "; demotion proven (lease detected)";
    } else if (!lease_evidence.required) {
      detail += "; no bot, no lease";
    } else {
      detail += fmt::format("; demotion not exercised: {}", probe.reason.value_or("no reason"));
    }
    return StepOutcome::passed(detail, std::move(evidence));
  }

 private:
  static Process& start_child(RunContext& context, std::string role,
                              const std::vector<std::string>& argv, const Placeholders& values) {
    const OutputFiles output = process_output(context, role);
    std::unique_ptr<Process> process =
        launch_in_home(context, std::move(role), argv, values, output);
    RunChild& child = context.children.emplace_back();
    child.process = std::move(process);
    child.started_at_us = epoch_microseconds(context.clock().wall_now());
    return *context.children.back().process;
  }

  static std::string not_ready(const WaitOutcome& waited, const std::string& what) {
    switch (waited.end) {
      case WaitOutcome::End::fatal:
        return fmt::format("a process died during start: {}", waited.why);
      case WaitOutcome::End::interrupted:
        return fmt::format("{} while waiting for {}", waited.why, what);
      default:
        return fmt::format("not ready after {} (waiting for {}): {}", seconds(waited.waited), what,
                           waited.why.empty() ? std::string("no answer") : waited.why);
    }
  }

  // With the lease held, a server started without its no-poll flag must demote itself and say why
  // (docs/agent-contract.md, 'One poller per token'); a run that always passes the flag never
  // exercises that path. Needs a second port, so the server's port must come from `{port}`.
  static DemotionProbeEvidence demotion_probe(RunContext& context, const Deadline& deadline) {
    const AgentProfile& profile = context.profile;
    DemotionProbeEvidence result;
    if (!context.has_bot()) {
      result.reason = "no bot: nothing polls, so nothing can be demoted";
      return result;
    }
    if (!mentions_port(profile.server.command.argv)) {
      result.reason =
          "the server's port is not given by {port} on its command line, so a second server "
          "would take the first one's port";
      return result;
    }
    const std::uint16_t probe_port = context.backends.deployer->allocate_port();
    Placeholders values = context.placeholders();
    values.set("port", std::to_string(probe_port));
    Process& probe =
        start_child(context, "server-demotion-probe",
                    concat(profile.server.command.argv, profile.crash_reports.server_args), values);
    context.demoted_server_log = probe.spec().stdout_file;
    const std::string& pattern = profile.demotion.lease_detected;
    const NamedCondition line =
        for_log_line(*context.backends.probe, {probe.spec().stdout_file, probe.spec().stderr_file},
                     pattern, children_alive(context));
    AllOf demoted(context.clock());
    // A server that does not demote polls too, and the Bot API answers one of the two pollers
    // with 409: where the driver can see that, it ends the wait at once.
    if (context.backends.user) {
      demoted.add("no 409", [&]() {
        const auto conflicts = context.backends.user->conflicts_seen();
        if (conflicts && *conflicts > 0) {
          return Probe::fatal(fmt::format(
              "the Bot API answered {} getUpdates call(s) with 409 Conflict: a second poller is "
              "running for the bot",
              *conflicts));
        }
        return Probe::ready();
      });
    }
    demoted.add("demotion line", line.check);
    watch_children(*line.wakes, context);
    const WaitOutcome waited =
        context.waiter.wait(quick_then_steady(fmt::format("the second server to log '{}'", pattern),
                                              deadline, line.wakes),
                            std::ref(demoted));
    result.exercised = true;
    result.pid = probe.pid();
    result.port = probe_port;
    result.log = probe.spec().stdout_file.string();
    result.pattern = pattern;
    result.line_seen = waited.ready();
    result.after_ms = milliseconds_of(demoted.ready_after("demotion line"));
    result.seen_at_us = microseconds_of(demoted.ready_at("demotion line"));
    if (!waited.ready()) {
      result.problem = waited.end == WaitOutcome::End::fatal
                           ? fmt::format("demotion proof: {}", waited.why)
                           : fmt::format(
                                 "demotion proof: a second server started without {} while the "
                                 "lifeline held the lease did not log '{}' within {}: it did not "
                                 "demote itself",
                                 profile.server.no_poll_flag, pattern, seconds(waited.waited));
      if (waited.end == WaitOutcome::End::interrupted) result.problem = waited.why;
    }
    return result;
  }
};

}  // namespace

std::unique_ptr<Step> make_start_step() {
  return std::make_unique<StartStep>();
}

}  // namespace tas
