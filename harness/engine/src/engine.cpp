#include <fmt/format.h>

#include <tas/backends/backend_error.hpp>
#include <tas/core/exit_codes.hpp>
#include <tas/core/home_layout.hpp>
#include <tas/core/run_id.hpp>
#include <tas/core/version.hpp>
#include <tas/engine/engine.hpp>
#include <tas/engine/html_report.hpp>
#include <tas/engine/junit_report.hpp>

namespace tas {
namespace {

std::string step_label(StepId id) {
  return fmt::format("step {} ({})", number_of(id), name_of(id));
}

}  // namespace

Engine::Engine(RunSettings settings, AgentProfile profile, BackendSet backends,
               ProgressSink& progress, StepList steps)
    : settings_(std::move(settings)),
      profile_(std::move(profile)),
      backends_(std::move(backends)),
      progress_(progress, redactor_),
      steps_(std::move(steps)) {
  if (settings_.run_id.empty()) settings_.run_id = new_run_id();
  if (const auto missing = backends_.missing(); !missing.empty()) {
    std::string names;
    for (const auto& name : missing)
      names += (names.empty() ? "" : ", ") + name;
    throw std::invalid_argument("the backend set '" + backends_.description + "' lacks: " + names);
  }
  for (std::size_t i = 0; i < steps_.size(); ++i) {
    if (!steps_[i] || number_of(steps_[i]->id()) != static_cast<int>(i) + 1) {
      throw std::invalid_argument(
          fmt::format("step list position {} does not hold step {}", i + 1, i + 1));
    }
  }
  Clock& clock = *backends_.clock;
  context_ = std::make_unique<RunContext>(
      settings_, profile_, backends_, progress_, redactor_,
      Deadline::after(clock,
                      std::chrono::duration_cast<std::chrono::milliseconds>(settings_.timeout)));
  context_->before_home_removed = [this](const std::vector<std::string>& teardown_problems) {
    take_failure_logs(teardown_problems);
  };
  report_.tool_version = std::string(version());
  report_.profile_name = profile_.name;
  report_.profile_source = profile_.source;
  report_.target = settings_.target.string();
  report_.backends = backends_.description;
  report_.options = settings_.to_json();
  report_.started_at = clock.wall_now();
  for (const StepId id : kAllSteps) {
    StepResult row;
    row.id = id;
    report_.steps.push_back(std::move(row));
  }
}

Engine::~Engine() {
  // A run dropped before teardown (a fixture whose test threw, say) must still end its children.
  if (!torn_down_) {
    try {
      teardown();
    } catch (...) {
    }
  }
}

StepResult& Engine::row(StepId id) {
  return report_.steps.at(static_cast<std::size_t>(number_of(id) - 1));
}

const StepResult& Engine::result(StepId id) const {
  return report_.steps.at(static_cast<std::size_t>(number_of(id) - 1));
}

Step& Engine::step(StepId id) {
  return *steps_.at(static_cast<std::size_t>(number_of(id) - 1));
}

int Engine::exit_code() const {
  if (interrupted()) return tas::exit_code::kInterrupted;
  if (context_->target_refused && report_.failing_step == StepId::target_prep) {
    return tas::exit_code::kBadTarget;
  }
  if (report_.failing_step) return number_of(*report_.failing_step);
  return tas::exit_code::kPassed;
}

const StepResult& Engine::run_step(StepId id) {
  if (id == StepId::teardown) return teardown();
  StepResult& result = row(id);
  if (result.status != StepStatus::pending) return result;
  for (int earlier = 1; earlier < number_of(id); ++earlier) {
    if (row(static_cast<StepId>(earlier)).status == StepStatus::pending) {
      throw std::logic_error(
          fmt::format("{} was asked for before step {} ran", step_label(id), earlier));
    }
  }
  if (torn_down_) {
    result.status = StepStatus::not_run;
    result.detail = "the run was already torn down";
    return result;
  }
  if (const int signal_number = pending_signal(); signal_number != 0 && !interrupted()) {
    report_.interrupted_by = signal_name(signal_number);
  }
  if (failed()) {
    result.status = StepStatus::not_run;
    result.detail = interrupted() && !report_.failing_step
                        ? fmt::format("interrupted by {}", report_.interrupted_by)
                        : fmt::format("step {} failed", number_of(*report_.failing_step));
    return result;
  }
  if (context_->deadline.expired()) {
    // The deadline passed between two steps: the next one is the current one, and fails.
    result.status = StepStatus::failed;
    result.detail = fmt::format(
        "timeout: the overall timeout of {} s (--timeout-s) passed before this step began",
        settings_.timeout.count());
    result.started_at = backends_.clock->wall_now();
    report_.failing_step = id;
    report_.reason = result.detail;
    progress_.step_finished(result);
    write_progressive_report();
    return result;
  }
  execute(step(id), result);
  return result;
}

const StepResult& Engine::teardown() {
  StepResult& result = row(StepId::teardown);
  if (torn_down_) return result;
  torn_down_ = true;
  mark_unrun(report_.failing_step ? fmt::format("step {} failed", number_of(*report_.failing_step))
             : interrupted()      ? fmt::format("interrupted by {}", report_.interrupted_by)
                                  : std::string("the run went to teardown before this step"));
  execute(step(StepId::teardown), result);
  return result;
}

const Report& Engine::run_all() {
  for (const StepId id : kAllSteps) {
    if (id == StepId::teardown) break;
    if (settings_.until && number_of(id) > number_of(*settings_.until)) {
      // Marked before teardown, which would otherwise call them cut short by the run.
      mark_unrun(fmt::format("not requested (--until {})", name_of(*settings_.until)));
      break;
    }
    run_step(id);
    if (failed()) break;
  }
  teardown();
  finish();
  return report_;
}

void Engine::mark_unrun(std::string_view why) {
  for (StepResult& result : report_.steps) {
    if (result.id != StepId::teardown && result.status == StepStatus::pending) {
      result.status = StepStatus::not_run;
      result.detail = std::string(why);
    }
  }
}

void Engine::take_failure_logs(const std::vector<std::string>& teardown_problems) {
  // Steps 1 and 2 start nothing that logs; a passed run keeps nothing extra.
  const bool step_failed =
      report_.failing_step && number_of(*report_.failing_step) >= number_of(StepId::deploy);
  if ((!step_failed && teardown_problems.empty()) || !context_->owns_home()) return;
  std::vector<std::filesystem::path> agent_logs;
  const Placeholders values = context_->placeholders();
  for (const std::string& log : profile_.logs)
    agent_logs.emplace_back(values.expand(log));
  const FailureLogLimits limits;
  const std::vector<std::filesystem::path> files =
      run_log_files(agent_logs, context_->home.logs_dir);
  FailureLogs logs = excerpts_of(files, limits, redactor_);
  // With --keep the logs stay in the home; otherwise they go beside the report, whose place
  // beside the home is chosen now, once, before the home is gone.
  if (!settings_.keep && !files.empty()) {
    if (!settings_.report_file_given && beside_report_file_.empty()) {
      beside_report_file_ = report_beside(settings_.target);
    }
    const std::filesystem::path report =
        settings_.report_file_given ? settings_.report_file : beside_report_file_;
    logs.kept =
        keep_logs(files, context_->home.root, kept_logs_directory_for(report), limits, redactor_);
  }
  report_.failure_logs = std::move(logs);
}

void Engine::execute(Step& step, StepResult& result) {
  Clock& clock = *backends_.clock;
  const StepId id = step.id();
  progress_.step_started(id);
  const bool expired_at_start = context_->deadline.expired();
  result.started_at = clock.wall_now();
  const auto started = clock.now();
  StepOutcome outcome;
  try {
    outcome = step.run(*context_);
  } catch (const BackendError& error) {
    // A backend's expected failure (a missing drop, a program that cannot start, a full disk) is
    // the step's failure, in the backend's words; only anything else is a bug worth calling so.
    const std::string_view message = error.what();
    outcome =
        StepOutcome::failed(message.empty() ? std::string("a backend failed without saying why")
                                            : std::string(message));
  } catch (const std::exception& error) {
    outcome = StepOutcome::failed(fmt::format("unexpected error: {}", error.what()));
  } catch (...) {
    outcome = StepOutcome::failed("unexpected error of an unknown type");
  }
  result.duration = std::chrono::duration_cast<std::chrono::milliseconds>(clock.now() - started);
  // The one redaction of what the step produced (docs/architecture.md, 'Where secrets are
  // redacted'): from here on it is the run's record, and the report file, the console, the
  // fixture and the gate (which may pass it on to a judge outside the process) all read it as it
  // is. The redactor knows the token by now; teardown's own words are redacted here too.
  outcome.detail = redactor_.redact(outcome.detail);
  outcome.evidence = redactor_.redact_json(outcome.evidence);

  // A signal or the deadline during a step makes that step the one that failed (teardown
  // excepted: it always finishes its work, and a signal during it only sets the exit code).
  const std::string timeout = fmt::format(
      "timeout: the overall timeout of {} s (--timeout-s) passed", settings_.timeout.count());
  const std::string got_as_far =
      outcome.detail.empty() ? "" : " (it had got as far as: " + outcome.detail + ")";
  if (const int signal_number = pending_signal(); signal_number != 0) {
    if (report_.interrupted_by.empty()) report_.interrupted_by = signal_name(signal_number);
    if (id != StepId::teardown && outcome.status != StepStatus::failed) {
      outcome.status = StepStatus::failed;
      outcome.detail =
          fmt::format("interrupted by {} during this step{}", report_.interrupted_by, got_as_far);
    } else if (id != StepId::teardown && outcome.detail.find("interrupted") == std::string::npos) {
      outcome.detail = fmt::format("interrupted by {}: {}", report_.interrupted_by, outcome.detail);
    }
  } else if (context_->deadline.expired() && !expired_at_start) {
    if (id == StepId::teardown) {
      outcome.status = StepStatus::failed;
      outcome.detail = fmt::format("{} during teardown; the cleanup was completed all the same{}",
                                   timeout, got_as_far);
    } else if (outcome.status != StepStatus::failed) {
      outcome.status = StepStatus::failed;
      outcome.detail = fmt::format("{} during this step{}", timeout, got_as_far);
    } else {
      outcome.detail = fmt::format("{}: {}", timeout, outcome.detail);
    }
  }

  result.status = outcome.status;
  result.detail = outcome.detail;
  result.evidence = outcome.evidence;
  if (outcome.status == StepStatus::passed) judge(outcome, result);
  if (result.status == StepStatus::failed && !report_.failing_step) {
    report_.failing_step = id;
    report_.reason = result.detail;
  }
  progress_.step_finished(result);
  write_progressive_report();
}

void Engine::judge(const StepOutcome& outcome, StepResult& result) {
  try {
    const GateVerdict verdict = backends_.gate->judge(result.id, outcome);
    // A judge's answer is text from outside the run: it enters the record redacted, once.
    result.gate = redactor_.redact_json(verdict.record);
    if (!verdict.proceed) {
      result.status = StepStatus::failed;
      result.detail = redactor_.redact(fmt::format("gate refused: {}", verdict.reason));
    }
  } catch (const std::exception& error) {
    result.status = StepStatus::failed;
    result.detail =
        redactor_.redact(fmt::format("the gate could not judge the evidence: {}", error.what()));
    result.gate = {{"error", result.detail}};
  }
}

std::filesystem::path Engine::report_destination() {
  if (settings_.report_file_given) return settings_.report_file;
  if (context_->target_refused && !settings_.refused_report_directory.empty()) {
    // Never beside a target the run refused: that may be /proc, /dev or someone's work.
    if (refused_report_file_.empty()) {
      std::filesystem::create_directories(settings_.refused_report_directory);  // harness-owned
      refused_report_file_ =
          refused_report_path(settings_.refused_report_directory, settings_.run_id);
    }
    return refused_report_file_;
  }
  // In the home while it is the run's; once teardown has emptied it (an adopted directory stays,
  // empty, as it was given), beside it.
  const bool home_emptied = torn_down_ && !settings_.keep;
  if (context_->owns_home() && !home_emptied &&
      std::filesystem::is_directory(context_->home.root)) {
    return HomeLayout::of(context_->home.root).report;
  }
  if (beside_report_file_.empty()) beside_report_file_ = report_beside(settings_.target);
  return beside_report_file_;
}

std::filesystem::path Engine::write_report(const nlohmann::ordered_json& document,
                                           Durability durability) {
  const auto destination = report_destination();
  write_json_file(destination, document, durability);
  // Before the home existed the report went beside it; once it lives in the home, that earlier
  // copy (this run's own file) goes, so a kept home does not leave a stale report next to it.
  if (!beside_report_file_.empty() && destination != beside_report_file_ &&
      is_report_file(beside_report_file_)) {
    std::error_code ignored;
    std::filesystem::remove(beside_report_file_, ignored);
  }
  return destination;
}

void Engine::write_progressive_report() {
  try {
    report_.finished_at = backends_.clock->wall_now();
    report_.exit_code = exit_code();
    // Rewritten after every step: a harness killed later still leaves this one, whole (the rename
    // needs no sync for that). Only the finished report is worth waiting for the disk.
    write_report(report_.to_json(), Durability::crash_safe);
  } catch (const std::exception& error) {
    progress_.note(fmt::format("could not write the report yet: {}", error.what()));
  }
}

std::vector<std::filesystem::path> Engine::finish() {
  if (finished_) return written_;
  finished_ = true;
  if (!torn_down_) mark_unrun("the run ended before this step");
  if (row(StepId::teardown).status == StepStatus::pending) {
    row(StepId::teardown).status = StepStatus::not_run;
    row(StepId::teardown).detail = "teardown was never asked for";
  }
  if (const int signal_number = pending_signal();
      signal_number != 0 && report_.interrupted_by.empty()) {
    report_.interrupted_by = signal_name(signal_number);
  }
  report_.finished = true;
  report_.finished_at = backends_.clock->wall_now();
  report_.exit_code = exit_code();
  if (report_.reason.empty() && interrupted())
    report_.reason = fmt::format("interrupted by {}", report_.interrupted_by);
  try {
    // The run's result, interrupted or not: it outlives the run, so it is made to outlive a power
    // cut too.
    const nlohmann::ordered_json document = report_.to_json();
    written_.push_back(write_report(document, Durability::power_safe));
    write_other_forms(document);
  } catch (const std::exception& error) {
    progress_.note(fmt::format("could not write the report: {}", error.what()));
  }
  progress_.run_finished(report_, written_);
  return written_;
}

void Engine::write_other_forms(const nlohmann::ordered_json& document) {
  if (settings_.report_html) {
    const std::filesystem::path file = settings_.report_html_file.empty()
                                           ? html_report_beside(written_.front())
                                           : settings_.report_html_file;
    write_other_form(file, "the HTML report", render_html_report(document), is_html_report_file);
  }
  if (!settings_.junit_file.empty()) {
    write_other_form(settings_.junit_file, "the JUnit report", render_junit_report(document),
                     is_junit_report_file);
  }
}

void Engine::write_other_form(const std::filesystem::path& file, std::string_view what,
                              const std::string& content,
                              bool (*is_earlier_one)(const std::filesystem::path&)) {
  // The path was checked before the run; a run takes minutes, and what is there now decides.
  std::error_code error;
  if (std::filesystem::exists(std::filesystem::symlink_status(file, error)) &&
      !is_earlier_one(file)) {
    progress_.note(fmt::format(
        "not writing {} to '{}': a file that is not one appeared there during the run, and a run "
        "never overwrites what it did not create",
        what, file.string()));
    return;
  }
  try {
    // Made from the redacted report, and redacted once more as a whole: a secret never reaches
    // a file by way of a form the JSON report does not have.
    write_file_atomically(file, redactor_.redact(content), std::filesystem::perms(0644),
                          Durability::power_safe);
    written_.push_back(file);
  } catch (const std::exception& failure) {
    progress_.note(fmt::format("could not write {}: {}", what, failure.what()));
  }
}

}  // namespace tas
