#include "lease_writer.hpp"

#include <exception>

#include "timings.hpp"
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <tas/core/atomic_file.hpp>
#include <tas/core/lease.hpp>
#include <tas/core/sha256.hpp>

namespace tas::reference_agent {
namespace {

// The staleLease fault writes a heartbeat this far in the past: beyond the 90 s staleness limit.
constexpr std::int64_t kStaleByMs = 120'000;

}  // namespace

LeaseWriter::LeaseWriter(std::filesystem::path state_dir, const std::string& token,
                         const Faults& faults, Logger& log)
    : state_dir_(std::move(state_dir)),
      token_hash_(tas::sha256_hex(token)),
      raw_token_(faults.raw_token_in_lease ? token : std::string()),
      no_lease_(faults.no_lease),
      stale_(faults.stale_lease),
      log_(log) {}

void LeaseWriter::heartbeat() {
  if (no_lease_) {
    if (first_) log_.info("noLease fault: polling without ever writing the lease");
    first_ = false;
    return;
  }
  if (first_) record_timing("lease_writing");
  const std::int64_t now = tas::lease::now_ms();
  const tas::lease::Lease lease{::getpid(), token_hash_, stale_ ? now - kStaleByMs : now,
                                tas::lease::kVersion};
  try {
    if (!raw_token_.empty()) {
      // The bug this fault stands for: a writer that stores the token itself. Written by hand
      // because the shared serializer cannot be made to do it.
      std::filesystem::create_directories(state_dir_);
      const nlohmann::json document = {{"pid", lease.pid},
                                       {"tokenHash", raw_token_},
                                       {"heartbeatTs", lease.heartbeat_ms},
                                       {"v", lease.version}};
      tas::write_file_atomically(tas::lease::path_in(state_dir_), document.dump(),
                                 std::filesystem::perms(0600), tas::Durability::crash_safe);
    } else {
      tas::lease::write_atomically(state_dir_, lease);
    }
  } catch (const std::exception& error) {
    log_.info("cannot write the lease {}: {}; retrying on the next poll",
              tas::lease::path_in(state_dir_).string(), error.what());
    return;
  }
  if (first_) {
    record_timing("lease_written");
    log_.info("lease written: {} (tokenHash {}…{}){}", tas::lease::path_in(state_dir_).string(),
              token_hash_.substr(0, 8), token_hash_.substr(token_hash_.size() - 4),
              stale_               ? " with a heartbeat 120 s in the past (staleLease fault)"
              : raw_token_.empty() ? ""
                                   : " carrying the raw token (rawTokenInLease fault)");
    first_ = false;
  }
}

}  // namespace tas::reference_agent
