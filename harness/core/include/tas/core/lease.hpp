#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

// The poll-ownership lease (docs/agent-contract.md): the one definition of its path, its shape and
// the ownership decision, shared by the writer (the reference agent's lifeline), the readers (its
// server and the harness's start step) and the verifier. Nothing else in the project parses the
// lease file.
namespace tas::lease {

inline constexpr std::string_view kFileName = "telegram-poll-owner.json";
inline constexpr std::int64_t kStaleAfterMs = 90'000;
inline constexpr int kVersion = 1;

struct Lease {
  std::int64_t pid = 0;
  std::string token_hash;  // 64 lowercase hex: sha256 of the token's UTF-8 bytes
  std::int64_t heartbeat_ms = 0;
  int version = kVersion;
};

// Why a lease is or is not owned; every value but `owned` means "the server polls itself".
enum class Decision {
  owned,
  missing,
  unreadable,
  not_json,
  wrong_shape,    // not exactly {pid, tokenHash, heartbeatTs, v} with the right types
  wrong_version,  // v != 1
  stale,          // now - heartbeatTs > 90 s
  future,         // heartbeatTs > now
  other_token,    // tokenHash != sha256(token)
};

struct Verdict {
  Decision decision = Decision::missing;
  std::optional<Lease> lease;     // set whenever the file had the right shape
  std::int64_t age_ms = 0;        // now - heartbeatTs, when the shape was right
  bool holds_raw_secret = false;  // the file contains a raw secret shape (a token, not its hash)

  [[nodiscard]] bool owned() const { return decision == Decision::owned; }
};

[[nodiscard]] std::string_view to_string(Decision decision);

[[nodiscard]] std::filesystem::path path_in(const std::filesystem::path& state_dir);

[[nodiscard]] std::string serialize(const Lease& lease);

// The ownership decision over the file's content (nullopt: the file does not exist).
[[nodiscard]] Verdict decide(const std::optional<std::string>& content,
                             std::string_view expected_token_hash, std::int64_t now_ms);

// Reads `<state_dir>/telegram-poll-owner.json` and decides. Never throws: an unreadable file is a
// decision (`unreadable`), not an error.
[[nodiscard]] Verdict read_and_decide(const std::filesystem::path& state_dir,
                                      std::string_view expected_token_hash, std::int64_t now_ms);

// Whether a lifeline owns the poll slot for the token: the decision is `owned`.
[[nodiscard]] bool lifeline_owns_poll(const std::filesystem::path& state_dir,
                                      std::string_view token_hash, std::int64_t now_ms);

// Writes the lease atomically (mode 0600): a temporary file in the same directory renamed over
// the lease, so a reader sees the old lease or the new one and never half of one. Crash-safe, not
// synced: after a power cut no lifeline is alive, and whatever heartbeat reached the disk is stale.
void write_atomically(const std::filesystem::path& state_dir, const Lease& lease);

// Milliseconds since the Unix epoch from the system clock: the lease's time base.
[[nodiscard]] std::int64_t now_ms();

}  // namespace tas::lease
