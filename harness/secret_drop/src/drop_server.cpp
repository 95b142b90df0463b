#include <algorithm>
#include <cerrno>
#include <cstring>

#include "drop_server_impl.hpp"
#include <fmt/format.h>

#include <tas/core/private_file.hpp>
#include <tas/secret_drop/drop_id.hpp>
#include <tas/secret_drop/drop_server.hpp>

namespace tas::secret_drop {
namespace {

using detail::kCsrfBytes;
using detail::kHost;
using detail::Link;
using std::chrono::steady_clock;

}  // namespace

std::string_view to_string(SubmissionWait end) {
  switch (end) {
    case SubmissionWait::submitted:
      return "submitted";
    case SubmissionWait::expired:
      return "expired";
    case SubmissionWait::timed_out:
      return "timed out";
    case SubmissionWait::stopped:
      return "stopped";
    case SubmissionWait::cancelled:
      return "cancelled";
  }
  return "unknown";
}

void DropServer::Impl::load_api_token() {
  if (options.api_token_file.empty()) return;
  const OneTokenFile file = read_one_token_file(options.api_token_file, "the API token file");
  if (file.status != OneTokenFile::Status::ok) {
    throw DropServerError("cannot serve the Secret Drop API: " + file.problem);
  }
  // Only the hash is kept: comparing hashes is constant-time whatever the presented length.
  api_token_sha256 = file.token.sha256();
}

DropLink DropServer::Impl::open(std::string_view label, std::chrono::milliseconds lifetime) {
  check_label(label);
  int bound_port = 0;
  {
    std::lock_guard lock(lifecycle);
    bound_port = port;
  }
  if (bound_port == 0) {
    throw DropServerError(
        "open_request: the Secret Drop server is not started; call start() first");
  }
  DropLink result{new_drop_id(), {}};
  result.url = fmt::format("http://{}:{}/drop/{}", kHost, bound_port, result.id);
  std::lock_guard lock(state);
  links.emplace(result.id,
                Link{std::string(label), random_hex(kCsrfBytes), clock->now() + lifetime, false});
  return result;
}

DropServer::DropServer(SecretStore store, DropServerOptions options)
    : impl_(std::make_unique<Impl>(std::move(store), std::move(options))) {}

DropServer::~DropServer() {
  stop();
}

void DropServer::start() {
  auto& impl = *impl_;
  std::lock_guard lock(impl.lifecycle);
  if (impl.started || impl.stopped) {
    throw DropServerError(
        "start: this Secret Drop server was started before; construct a new one instead");
  }
  impl.load_api_token();
  // The routes read expected_host: it is set before the first request can be answered.
  const int bound = impl.http.serve(std::string(kHost), 0, [&impl](int port) {
    impl.expected_host = fmt::format("{}:{}", kHost, port);
  });
  if (bound <= 0) {
    throw DropServerError(fmt::format("start: expected to bind {} on a free port, failed: {}",
                                      kHost, std::strerror(errno)));
  }
  impl.port = bound;
  impl.started = true;
}

void DropServer::stop() {
  auto& impl = *impl_;
  {
    std::lock_guard lock(impl.lifecycle);
    if (impl.stopped) return;
    impl.stopped = true;
  }
  {
    std::lock_guard lock(impl.state);
    impl.shutting_down = true;
  }
  impl.changed.notify_all();
  impl.http.stop();
}

int DropServer::port() const {
  std::lock_guard lock(impl_->lifecycle);
  return impl_->port;
}

std::string DropServer::base_url() const {
  return fmt::format("http://{}:{}", kHost, port());
}

DropLink DropServer::open_request(std::string_view label, std::chrono::milliseconds lifetime) {
  return impl_->open(label, lifetime);
}

SubmissionWait DropServer::wait_for_submission(std::string_view id,
                                               std::chrono::milliseconds timeout,
                                               const std::function<bool()>& keep_waiting) {
  auto& impl = *impl_;
  const auto until = steady_clock::now() + timeout;
  std::unique_lock lock(impl.state);
  if (impl.links.find(id) == impl.links.end()) {
    throw DropServerError(
        "wait_for_submission: no link with that ID was opened on this Secret Drop server");
  }
  for (;;) {
    const Link& link = impl.links.find(id)->second;
    if (link.submitted) return SubmissionWait::submitted;
    if (impl.expired(link)) return SubmissionWait::expired;
    if (impl.shutting_down) return SubmissionWait::stopped;
    const auto now = steady_clock::now();
    if (now >= until) return SubmissionWait::timed_out;
    if (keep_waiting) {
      lock.unlock();
      const bool go_on = keep_waiting();
      lock.lock();
      if (!go_on) return SubmissionWait::cancelled;
    }
    // The predicate is looked at before sleeping: a submission made while keep_waiting() ran
    // (without the lock) is not missed.
    impl.changed.wait_for(lock, std::min<steady_clock::duration>(kWakeInterval, until - now), [&] {
      return impl.links.find(id)->second.submitted || impl.shutting_down;
    });
  }
}

}  // namespace tas::secret_drop
