#include <chrono>
#include <limits>

#include <nlohmann/json.hpp>

#include <tas/core/atomic_file.hpp>
#include <tas/core/lease.hpp>
#include <tas/core/secret_shapes.hpp>
#include <tas/core/untrusted_file.hpp>
#include <tas/core/untrusted_json.hpp>

namespace tas::lease {
namespace {

bool is_lower_hex_64(const std::string& text) {
  if (text.size() != 64) return false;
  for (const char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

bool is_integer(const nlohmann::json& value) {
  return value.is_number_integer() || value.is_number_unsigned();
}

// Exactly {pid, tokenHash, heartbeatTs, v} with the right types, and nothing else.
std::optional<Lease> parse_shape(const nlohmann::json& document) {
  if (!document.is_object() || document.size() != 4) return std::nullopt;
  for (const char* key : {"pid", "tokenHash", "heartbeatTs", "v"}) {
    if (!document.contains(key)) return std::nullopt;
  }
  const auto& pid = document["pid"];
  const auto& hash = document["tokenHash"];
  const auto& heartbeat = document["heartbeatTs"];
  const auto& version = document["v"];
  if (!is_integer(pid) || pid.get<std::int64_t>() <= 0) return std::nullopt;
  if (!hash.is_string() || !is_lower_hex_64(hash.get<std::string>())) return std::nullopt;
  if (!is_integer(heartbeat) || !is_integer(version)) return std::nullopt;
  return Lease{pid.get<std::int64_t>(), hash.get<std::string>(), heartbeat.get<std::int64_t>(),
               version.get<int>()};
}

}  // namespace

std::string_view to_string(Decision decision) {
  switch (decision) {
    case Decision::owned:
      return "owned";
    case Decision::missing:
      return "missing";
    case Decision::unreadable:
      return "unreadable";
    case Decision::not_json:
      return "not-json";
    case Decision::wrong_shape:
      return "wrong-shape";
    case Decision::wrong_version:
      return "wrong-version";
    case Decision::stale:
      return "stale";
    case Decision::future:
      return "future-heartbeat";
    case Decision::other_token:
      return "other-token";
  }
  return "unknown";
}

std::filesystem::path path_in(const std::filesystem::path& state_dir) {
  return state_dir / kFileName;
}

std::string serialize(const Lease& lease) {
  const nlohmann::json document = {{"pid", lease.pid},
                                   {"tokenHash", lease.token_hash},
                                   {"heartbeatTs", lease.heartbeat_ms},
                                   {"v", lease.version}};
  return document.dump();
}

Verdict decide(const std::optional<std::string>& content, std::string_view expected_token_hash,
               std::int64_t now_ms) {
  Verdict verdict;
  if (!content) {
    verdict.decision = Decision::missing;
    return verdict;
  }
  verdict.holds_raw_secret = find_secret_shape(*content).has_value();
  const JsonParse parsed = parse_untrusted_json(*content);
  const nlohmann::json& document = parsed.value;
  if (!parsed.ok()) {
    verdict.decision = Decision::not_json;
    return verdict;
  }
  verdict.lease = parse_shape(document);
  if (!verdict.lease) {
    verdict.decision = Decision::wrong_shape;
    return verdict;
  }
  const Lease& lease = *verdict.lease;
  // Saturated: a heartbeat far in the past or future must not overflow the subtraction.
  std::int64_t age = 0;
  verdict.age_ms = __builtin_sub_overflow(now_ms, lease.heartbeat_ms, &age)
                       ? (lease.heartbeat_ms < 0 ? std::numeric_limits<std::int64_t>::max()
                                                 : std::numeric_limits<std::int64_t>::min())
                       : age;
  if (lease.version != kVersion) {
    verdict.decision = Decision::wrong_version;
  } else if (lease.heartbeat_ms > now_ms) {
    verdict.decision = Decision::future;
  } else if (verdict.age_ms > kStaleAfterMs) {
    verdict.decision = Decision::stale;
  } else if (lease.token_hash != expected_token_hash) {
    verdict.decision = Decision::other_token;
  } else {
    verdict.decision = Decision::owned;
  }
  return verdict;
}

Verdict read_and_decide(const std::filesystem::path& state_dir,
                        std::string_view expected_token_hash, std::int64_t now_ms) {
  const std::filesystem::path file = path_in(state_dir);
  // Non-blocking and capped: a FIFO or a device in the lease's place is unreadable, not a hang.
  const UntrustedRead read = read_untrusted_file(file, "the lease", kMaxSmallFileBytes);
  if (read.status == UntrustedFile::Status::missing) {
    return decide(std::nullopt, expected_token_hash, now_ms);
  }
  if (!read.ok()) {
    Verdict verdict;
    verdict.decision = Decision::unreadable;
    return verdict;
  }
  return decide(read.content, expected_token_hash, now_ms);
}

bool lifeline_owns_poll(const std::filesystem::path& state_dir, std::string_view token_hash,
                        std::int64_t now_ms) {
  return read_and_decide(state_dir, token_hash, now_ms).owned();
}

void write_atomically(const std::filesystem::path& state_dir, const Lease& lease) {
  std::filesystem::create_directories(state_dir);
  // Crash-safe (renamed into place whole), not synced: a lease says a lifeline is alive now, and
  // after a power cut none is — whatever heartbeat reached the disk is stale by its age. A sync
  // on every heartbeat would cost milliseconds for nothing.
  write_file_atomically(path_in(state_dir), serialize(lease), std::filesystem::perms(0600),
                        Durability::crash_safe);
}

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace tas::lease
