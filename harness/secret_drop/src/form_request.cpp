#include <algorithm>

#include <fmt/format.h>

#include <tas/core/interrupt.hpp>
#include <tas/core/progress.hpp>
#include <tas/secret_drop/drop_server.hpp>
#include <tas/secret_drop/form_request.hpp>

namespace tas::secret_drop {
namespace {

using std::chrono::milliseconds;

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

  const std::string what = fmt::format("a Secret Drop submission at {}", link.url);
  const auto keep_waiting = [] { return pending_signal() == 0; };
  const auto started = std::chrono::steady_clock::now();
  // The "still waiting" line keeps its cadence in real time, however often the wait below
  // returns: near the deadline it returns often, and used to print a line every time.
  auto next_line = started + options.progress_every;
  for (;;) {
    const SubmissionWait end = server.wait_for_submission(
        link.id, std::min(deadline.remaining(), options.progress_every), keep_waiting);
    switch (end) {
      case SubmissionWait::submitted:
        return link.id;
      case SubmissionWait::cancelled:
        throw BackendError(fmt::format("interrupted by {} while waiting for {}",
                                       signal_name(pending_signal()), what));
      case SubmissionWait::stopped:
        throw BackendError(
            fmt::format("the Secret Drop server stopped while waiting for {}", what));
      case SubmissionWait::expired:
      case SubmissionWait::timed_out:
        break;
    }
    // Under a millisecond left is no time left: a wait of 0 ms returns at once, and would spin.
    if (deadline.remaining().count() <= 0 || end == SubmissionWait::expired) {
      throw BackendError(fmt::format(
          "no token was submitted within {:.0f} s at {}; run again and submit the form, or store "
          "it ahead with `test-as-self secret put --label <label>` (the value on stdin) and pass "
          "its ID with --bot-token",
          seconds(budget), link.url));
    }
    const auto now = std::chrono::steady_clock::now();
    if (now < next_line) continue;
    next_line = now + options.progress_every;
    progress.waiting(what, std::chrono::duration_cast<milliseconds>(now - started), budget);
  }
}

}  // namespace tas::secret_drop
