#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include <tas/core/deadline.hpp>
#include <tas/secret_drop/secret_store.hpp>

namespace tas {
class ProgressSink;
}

namespace tas::secret_drop {

struct FormRequestOptions {
  // How often a "still waiting" line goes to the progress sink.
  std::chrono::milliseconds progress_every{5000};
};

// The interactive way to put a secret into the store: starts a DropServer of its own over
// `store`, opens a one-time link titled `title` that lives as long as the wait, tells the
// operator through progress.note() where to open it (the URL, that it is a one-time link on this
// machine, how long it waits), and blocks until the value is submitted. A "still waiting" line
// goes to progress.waiting() every options.progress_every. The server is stopped before it
// returns, whatever happens.
//
// Returns the ID the value is stored under. Throws BackendError when `deadline` passes first
// ("no token was submitted within N s"), when a SIGINT, SIGTERM or SIGHUP is pending
// (tas::pending_signal(); "interrupted by SIGINT"; noticed within DropServer::kWakeInterval), or
// when the server cannot start. `deadline` is read on its own clock; the wait itself is in real
// time.
std::string request_through_form(const SecretStore& store, std::string_view title,
                                 const Deadline& deadline, ProgressSink& progress,
                                 const FormRequestOptions& options = {});

}  // namespace tas::secret_drop
