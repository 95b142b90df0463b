#include <algorithm>

#include <fmt/format.h>

#include <tas/core/interrupt.hpp>
#include <tas/core/progress.hpp>
#include <tas/core/wait.hpp>
#include <tas/secret_drop/drop_server.hpp>
#include <tas/secret_drop/form_request.hpp>

namespace tas::secret_drop {
namespace {

using std::chrono::milliseconds;

// A look at the server blocks at most this long (or the progress cadence, if shorter), so the
// deadline on the run's clock (which may be a test's fake clock) and the "still waiting" line
// come round in real time at least this often.
constexpr milliseconds kLookSlice{250};

double seconds(milliseconds duration) {
  return static_cast<double>(duration.count()) / 1000.0;
}

}  // namespace

std::string request_through_form(const SecretStore& store, std::string_view title,
                                 const Deadline& deadline, ProgressSink& progress,
                                 const FormRequestOptions& options) {
  const milliseconds budget = deadline.remaining();
  DropServer server(store);
  server.start();
  // The link lives as long as the wait: once nobody waits, nobody may submit.
  const DropLink link = server.open_request(title, std::max(budget, milliseconds(1)));
  progress.note(fmt::format(
      "Secret Drop: open {} in a browser on this machine and submit \"{}\". It is a one-time "
      "link (loopback only); waiting up to {:.0f} s (Ctrl-C to stop).",
      link.url, title, seconds(budget)));

  const auto keep_waiting = [] { return pending_signal() == 0; };
  bool link_expired = false;
  // One look blocks on the server until a submission (or a signal, or the slice's end).
  const Condition submitted = [&]() {
    switch (server.wait_for_submission(
        link.id, std::min({deadline.remaining(), kLookSlice, options.progress_every}),
        keep_waiting)) {
      case SubmissionWait::submitted:
        return Probe::ready();
      case SubmissionWait::stopped:
        return Probe::fatal("the Secret Drop server stopped");
      case SubmissionWait::expired:
        link_expired = true;
        return Probe::fatal("the link expired");
      case SubmissionWait::cancelled:  // the waiter names the signal
      case SubmissionWait::timed_out:
        break;
    }
    return Probe::not_yet("nothing submitted yet");
  };
  const std::string what = fmt::format("a Secret Drop submission at {}", link.url);
  WaitSpec spec{what, deadline};
  spec.interval = milliseconds(0);  // each look blocks already
  spec.progress_every = options.progress_every;
  const WaitOutcome waited = Waiter(deadline.clock(), progress).wait(spec, submitted);
  if (waited.ready()) return link.id;
  if (waited.end == WaitOutcome::End::interrupted ||
      (waited.end == WaitOutcome::End::fatal && !link_expired)) {
    throw BackendError(fmt::format("{} while waiting for {}", waited.why, what));
  }
  throw BackendError(fmt::format(
      "no token was submitted within {:.0f} s at {}; run again and submit the form, or store "
      "it ahead with `test-as-self secret put --label <label>` (the value on stdin) and pass "
      "its ID with --bot-token",
      seconds(budget), link.url));
}

}  // namespace tas::secret_drop
