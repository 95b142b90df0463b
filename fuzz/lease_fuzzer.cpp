// The poll-ownership lease: the reader's decision over whatever bytes are in the file.
#include "fuzz_support.hpp"

#include <tas/core/lease.hpp>
#include <tas/core/sha256.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string kHash = tas::sha256_hex("123456789:fuzz");
  constexpr std::int64_t kNow = 1'800'000'000'000;
  const tas::lease::Verdict verdict =
      tas::lease::decide(std::string(tas::fuzz::as_text(data, size)), kHash, kNow);
  if (verdict.owned()) {
    if (!verdict.lease || verdict.lease->token_hash != kHash || verdict.lease->version != 1)
      tas::fuzz::broken("owned without the right shape, hash and version");
    if (verdict.age_ms < 0 || verdict.age_ms > tas::lease::kStaleAfterMs)
      tas::fuzz::broken("owned while not fresh");
  }
  if (verdict.lease && verdict.lease->pid <= 0) tas::fuzz::broken("a lease with pid <= 0");
  (void)tas::lease::to_string(verdict.decision);
  return 0;
}
