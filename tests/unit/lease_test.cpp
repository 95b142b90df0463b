#include "files.hpp"
#include "temp_dir.hpp"
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>

#include <tas/core/lease.hpp>
#include <tas/core/sha256.hpp>

namespace tas::lease {
namespace {

const std::string kToken = "123456789:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
const std::string kHash = sha256_hex(kToken);
constexpr std::int64_t kNow = 1'800'000'000'000;

std::string lease_text(std::int64_t heartbeat, const std::string& hash = kHash, int version = 1) {
  return serialize(Lease{4242, hash, heartbeat, version});
}

TEST(Lease, HashIsSha256OfTheTokenInLowercaseHex) {
  EXPECT_EQ(kHash, "2f235a8a415a17ff917601193470247955f117d44d3cb9a006dafd22518d9399");
}

TEST(Lease, AFreshLeaseWithTheTokensHashIsOwned) {
  const Verdict verdict = decide(lease_text(kNow - 1000), kHash, kNow);
  EXPECT_TRUE(verdict.owned());
  ASSERT_TRUE(verdict.lease.has_value());
  EXPECT_EQ(verdict.lease->pid, 4242);
  EXPECT_EQ(verdict.age_ms, 1000);
}

TEST(Lease, StaleAfterNinetySecondsAndNotABitBefore) {
  EXPECT_EQ(decide(lease_text(kNow - 90'000), kHash, kNow).decision, Decision::owned);
  EXPECT_EQ(decide(lease_text(kNow - 90'001), kHash, kNow).decision, Decision::stale);
}

TEST(Lease, AHeartbeatInTheFutureIsNotFresh) {
  EXPECT_EQ(decide(lease_text(kNow + 1), kHash, kNow).decision, Decision::future);
}

TEST(Lease, EveryOtherCaseIsNotOwned) {
  EXPECT_EQ(decide(std::nullopt, kHash, kNow).decision, Decision::missing);
  EXPECT_EQ(decide(std::string("{not json"), kHash, kNow).decision, Decision::not_json);
  EXPECT_EQ(decide(lease_text(kNow, sha256_hex("other")), kHash, kNow).decision,
            Decision::other_token);
  EXPECT_EQ(decide(lease_text(kNow, kHash, 2), kHash, kNow).decision, Decision::wrong_version);
  // The raw token where the hash belongs: the shape check refuses it.
  EXPECT_EQ(decide(lease_text(kNow, kToken), kHash, kNow).decision, Decision::wrong_shape);
}

TEST(Lease, ShapeMustBeExactlyTheFourFields) {
  const auto with = [](nlohmann::json document) {
    return decide(document.dump(), kHash, kNow).decision;
  };
  const nlohmann::json good = {{"pid", 1}, {"tokenHash", kHash}, {"heartbeatTs", kNow}, {"v", 1}};
  EXPECT_EQ(with(good), Decision::owned);
  nlohmann::json extra = good;
  extra["token"] = "x";
  EXPECT_EQ(with(extra), Decision::wrong_shape);
  for (const char* key : {"pid", "tokenHash", "heartbeatTs", "v"}) {
    nlohmann::json missing = good;
    missing.erase(key);
    EXPECT_EQ(with(missing), Decision::wrong_shape) << key;
  }
  nlohmann::json upper = good;
  upper["tokenHash"] = std::string(64, 'A');
  EXPECT_EQ(with(upper), Decision::wrong_shape);
  nlohmann::json text_pid = good;
  text_pid["pid"] = "1";
  EXPECT_EQ(with(text_pid), Decision::wrong_shape);
  nlohmann::json float_time = good;
  float_time["heartbeatTs"] = 1.5;
  EXPECT_EQ(with(float_time), Decision::wrong_shape);
  EXPECT_EQ(with(nlohmann::json::array()), Decision::wrong_shape);
}

TEST(Lease, WrittenAtomicallyAtTheOnePathAndReadBackOwned) {
  test::TempDir dir;
  const auto state = dir / "state";
  write_atomically(state, Lease{4242, kHash, now_ms(), 1});
  EXPECT_EQ(path_in(state), state / "telegram-poll-owner.json");
  EXPECT_TRUE(lifeline_owns_poll(state, kHash, now_ms()));
  EXPECT_EQ(test::listing(state), "telegram-poll-owner.json\n");  // no temporary left behind
  struct stat info {};
  ASSERT_EQ(::stat(path_in(state).c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  EXPECT_EQ(test::read_text(path_in(state)).find(kToken), std::string::npos);
}

TEST(Lease, AMissingFileIsADecisionNotAnError) {
  test::TempDir dir;
  EXPECT_EQ(read_and_decide(dir / "nowhere", kHash, kNow).decision, Decision::missing);
  EXPECT_FALSE(lifeline_owns_poll(dir.path(), kHash, kNow));
}

}  // namespace
}  // namespace tas::lease
