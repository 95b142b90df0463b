#pragma once

#include <filesystem>
#include <string>

#include "faults.hpp"
#include "log.hpp"

namespace tas::reference_agent {

// The lifeline's side of the poll-ownership lease (docs/agent-contract.md): after every successful
// getUpdates it writes <stateDir>/telegram-poll-owner.json through the project's shared lease code,
// so the writer, the server and the harness's verifier agree on path, shape and decision. The lease
// faults (noLease, staleLease, rawTokenInLease) break it here on purpose.
class LeaseWriter {
 public:
  LeaseWriter(std::filesystem::path state_dir, const std::string& token, const Faults& faults,
              Logger& log);

  // One heartbeat. A failed write is logged and retried on the next tick, never fatal: the server
  // then polls itself (fail-open), which the harness reports.
  void heartbeat();

 private:
  std::filesystem::path state_dir_;
  std::string token_hash_;
  // Held only for the rawTokenInLease fault; otherwise empty.
  std::string raw_token_;
  bool no_lease_;
  bool stale_;
  Logger& log_;
  bool first_ = true;
};

}  // namespace tas::reference_agent
