#include <fmt/format.h>

#include <tas/core/interrupt.hpp>
#include <tas/core/progress.hpp>
#include <tas/core/wait.hpp>

namespace tas {

namespace {
std::chrono::milliseconds since(Clock& clock, std::chrono::steady_clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(clock.now() - start);
}
}  // namespace

WaitOutcome Waiter::wait(const WaitSpec& spec, const Condition& condition) {
  const auto started = clock_.now();
  const auto budget =
      std::chrono::duration_cast<std::chrono::milliseconds>(spec.deadline.at() - started);
  auto next_progress = started + spec.progress_every;
  auto pause = spec.first_interval.count() > 0 ? std::min(spec.first_interval, spec.interval)
                                               : spec.interval;
  std::string last_why;
  while (true) {
    if (const int signal_number = pending_signal(); signal_number != 0 && spec.interruptible) {
      return {WaitOutcome::End::interrupted, "interrupted by " + signal_name(signal_number),
              since(clock_, started)};
    }
    const Probe probe = condition();
    last_why = probe.why;
    if (probe.state == Probe::State::ready) {
      return {WaitOutcome::End::ready, probe.why, since(clock_, started)};
    }
    if (probe.state == Probe::State::fatal) {
      return {WaitOutcome::End::fatal, probe.why, since(clock_, started)};
    }
    const auto now = clock_.now();
    // Under a millisecond left is no time left: a sleep of 0 ms would not move a fake clock on.
    if (spec.deadline.remaining().count() <= 0) {
      return {WaitOutcome::End::timed_out, last_why, since(clock_, started)};
    }
    if (now >= next_progress) {
      progress_.waiting(spec.what, since(clock_, started), budget);
      next_progress = now + spec.progress_every;
    }
    const auto sleep = std::min(pause, spec.deadline.remaining());
    if (spec.wakes) {
      clock_.sleep_unless_woken(sleep, spec.wakes->fd());
      spec.wakes->drain();
    } else {
      clock_.sleep_for(sleep);
    }
    pause = std::min(pause * 2, spec.interval);
  }
}

WaitOutcome Waiter::wait(const NamedCondition& condition, const Deadline& deadline,
                         bool interruptible) {
  WaitSpec spec{condition.what, deadline};
  if (condition.blocks) spec.interval = std::chrono::milliseconds(0);
  spec.interruptible = interruptible;
  spec.wakes = condition.wakes;
  return wait(spec, condition.check);
}

Condition failing_fast(Condition target, Condition look) {
  return [target = std::move(target), look = std::move(look)]() {
    if (Probe gone = target(); gone.state == Probe::State::fatal) return gone;
    return look();
  };
}

Condition always_there() {
  return [] { return Probe::ready(); };
}

AllOf& AllOf::add(std::string name, Condition condition) {
  Part part;
  part.name = std::move(name);
  part.condition = std::move(condition);
  parts_.push_back(std::move(part));
  return *this;
}

Probe AllOf::operator()() {
  std::string waiting_for;
  // The parts not yet ready are looked at first, so that the moment one becomes ready is not
  // put off by a slower look at a part that already is (step 4's health probe, an HTTP request,
  // before the lease that woke the wait). Every part is still looked at on every call.
  std::vector<Part*> order;
  for (const bool ready_before : {false, true}) {
    for (Part& part : parts_) {
      if (part.ready == ready_before) order.push_back(&part);
    }
  }
  for (Part* next : order) {
    Part& part = *next;
    const Probe probe = part.condition();
    part.last_why = probe.why;
    // A fatal part names its own cause ("server (pid 7) exited with 1"): no prefix needed.
    if (probe.state == Probe::State::fatal) return probe;
    if (probe.state == Probe::State::ready) {
      if (!part.ready) {
        part.ready = true;
        part.after = since(clock_, started_);
        part.at = clock_.wall_now();
      }
    } else {
      if (!waiting_for.empty()) waiting_for += "; ";
      waiting_for += fmt::format("{}: {}", part.name, probe.why);
    }
  }
  return waiting_for.empty() ? Probe::ready() : Probe::not_yet(waiting_for);
}

nlohmann::json AllOf::timings() const {
  nlohmann::json out = nlohmann::json::object();
  for (const Part& part : parts_) {
    out[part.name] = {
        {"ready", part.ready},
        {"after_ms", part.ready ? nlohmann::json(part.after.count()) : nlohmann::json(nullptr)},
        {"last", part.last_why}};
  }
  return out;
}

std::optional<std::chrono::milliseconds> AllOf::ready_after(std::string_view name) const {
  for (const Part& part : parts_) {
    if (part.name == name && part.ready) return part.after;
  }
  return std::nullopt;
}

std::optional<std::chrono::system_clock::time_point> AllOf::ready_at(std::string_view name) const {
  for (const Part& part : parts_) {
    if (part.name == name && part.ready) return part.at;
  }
  return std::nullopt;
}

}  // namespace tas
