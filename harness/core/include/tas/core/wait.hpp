#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include <tas/core/clock.hpp>
#include <tas/core/deadline.hpp>
#include <tas/core/wake_on_change.hpp>

namespace tas {

class ProgressSink;

// One look at a condition: ready, not yet (and why not), or fatal (it can never become ready,
// e.g. the process it waits on died).
struct Probe {
  enum class State { ready, not_yet, fatal };
  State state = State::not_yet;
  std::string why;

  static Probe ready(std::string why = {}) { return {State::ready, std::move(why)}; }
  static Probe not_yet(std::string why) { return {State::not_yet, std::move(why)}; }
  static Probe fatal(std::string why) { return {State::fatal, std::move(why)}; }
};

using Condition = std::function<Probe()>;

// A condition with the words shown while it is awaited ("health 200 at http://…/health"). A look
// that itself blocks until something changes (a long poll, a condition variable) sets `blocks`:
// the waiter then takes no pause between looks, so what it waits for is seen the moment it comes.
struct NamedCondition {
  std::string what;
  Condition check;
  bool blocks = false;
  // What on disk the condition depends on, when known: a change there ends the pause between two
  // looks at once (a lease written, a log line appended), so it is seen within a millisecond.
  std::shared_ptr<WakeOnChange> wakes{};
};

// `look`, but fatal at once when `target` is: the thing waited on has gone (its process exited),
// so the wait ends with the target's reason instead of running to its deadline.
[[nodiscard]] Condition failing_fast(Condition target, Condition look);
// A target that cannot go away (a file, a URL with no process of ours behind it).
[[nodiscard]] Condition always_there();

struct WaitSpec {
  std::string what;  // "health 200 at http://127.0.0.1:4312/health", shown while waiting
  Deadline deadline;
  std::chrono::milliseconds interval{50};
  // When set, the first pause is this short and each next one twice the last, up to `interval`:
  // what is ready at once (an agent's health, a lease) is seen within a millisecond or two, and
  // what takes long is still looked at no more often than every `interval`.
  std::chrono::milliseconds first_interval{0};
  std::chrono::milliseconds progress_every{5000};
  // Teardown's waits are not: they finish their cleanup whatever signal arrives.
  bool interruptible = true;
  // A pause ends early when something watched here changes (NamedCondition::wakes).
  std::shared_ptr<WakeOnChange> wakes{};
};

struct WaitOutcome {
  enum class End { ready, fatal, timed_out, interrupted };
  End end = End::timed_out;
  std::string why;  // the last probe's reason (or the signal's name)
  std::chrono::milliseconds waited{0};

  [[nodiscard]] bool ready() const { return end == End::ready; }
};

// The one wait loop of the project (docs/architecture.md, 'Waiting'). It owns the deadline, the
// interval between looks and the progress lines; it returns at once when the condition is fatal or
// a signal is pending.
class Waiter {
 public:
  Waiter(Clock& clock, ProgressSink& progress) : clock_(clock), progress_(progress) {}
  WaitOutcome wait(const WaitSpec& spec, const Condition& condition);
  // The usual form: a named condition until a deadline.
  WaitOutcome wait(const NamedCondition& condition, const Deadline& deadline,
                   bool interruptible = true);

 private:
  Clock& clock_;
  ProgressSink& progress_;
};

// Conditions that must all hold; fatal, in the failing part's own words, when any part is.
// Remembers how long after its creation each part first became
// ready, for the evidence ("health after 0.4 s, lease after 1.2 s").
class AllOf {
 public:
  explicit AllOf(Clock& clock) : clock_(clock), started_(clock.now()) {}
  AllOf& add(std::string name, Condition condition);
  [[nodiscard]] Probe operator()();
  // {"<name>": {"ready": bool, "after_ms": n, "last": "<why>"}, …}
  [[nodiscard]] nlohmann::json timings() const;
  // How long after the start the part `name` first was ready; nullopt while it never was.
  [[nodiscard]] std::optional<std::chrono::milliseconds> ready_after(std::string_view name) const;
  // The calendar time at which the part `name` was first seen ready, to set beside the time the
  // agent itself says the thing happened; nullopt while it never was.
  [[nodiscard]] std::optional<std::chrono::system_clock::time_point> ready_at(
      std::string_view name) const;

 private:
  struct Part {
    std::string name;
    Condition condition;
    bool ready = false;
    std::chrono::milliseconds after{0};
    std::chrono::system_clock::time_point at;
    std::string last_why;
  };
  Clock& clock_;
  std::chrono::steady_clock::time_point started_;
  std::vector<Part> parts_;
};

}  // namespace tas
