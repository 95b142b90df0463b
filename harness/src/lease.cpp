#include <chrono>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include <tas/atomic_file.hpp>
#include <tas/lease.hpp>
#include <tas/secret_shapes.hpp>

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
  const auto document = nlohmann::json::parse(*content, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded()) {
    verdict.decision = Decision::not_json;
    return verdict;
  }
  verdict.lease = parse_shape(document);
  if (!verdict.lease) {
    verdict.decision = Decision::wrong_shape;
    return verdict;
  }
  const Lease& lease = *verdict.lease;
  verdict.age_ms = now_ms - lease.heartbeat_ms;
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
  std::error_code error;
  if (!std::filesystem::exists(file, error))
    return decide(std::nullopt, expected_token_hash, now_ms);
  std::ifstream in(file, std::ios::binary);
  std::ostringstream content;
  if (!in || !(content << in.rdbuf())) {
    Verdict verdict;
    verdict.decision = Decision::unreadable;
    return verdict;
  }
  return decide(content.str(), expected_token_hash, now_ms);
}

bool lifeline_owns_poll(const std::filesystem::path& state_dir, std::string_view token_hash,
                        std::int64_t now_ms) {
  return read_and_decide(state_dir, token_hash, now_ms).owned();
}

void write_atomically(const std::filesystem::path& state_dir, const Lease& lease) {
  std::filesystem::create_directories(state_dir);
  write_file_atomically(path_in(state_dir), serialize(lease), std::filesystem::perms(0600));
}

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace tas::lease
