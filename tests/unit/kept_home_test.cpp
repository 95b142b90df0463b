#include <gtest/gtest.h>

#include <tas/engine/kept_home.hpp>

namespace tas {
namespace {

const std::filesystem::path kHome = "/work/deploys/run-1";

TEST(KeptHomeRecords, AMarkerAndARecordOfTheSameRunForThisHomeProveIt) {
  const std::string marker = home_marker_content("run-7", "agent", "2026-01-01T00:00:00.000Z");
  const std::string record = KeptHomeRecords::record_content("run-7", kHome);
  EXPECT_TRUE(KeptHomeRecords::proves(marker, record, kHome));
}

TEST(KeptHomeRecords, AMarkerAloneNeverProvesAnything) {
  const std::string marker = home_marker_content("run-7", "agent", "2026-01-01T00:00:00.000Z");
  EXPECT_FALSE(KeptHomeRecords::proves(marker, std::nullopt, kHome));
  EXPECT_FALSE(KeptHomeRecords::proves("{}", std::nullopt, kHome));
  EXPECT_FALSE(KeptHomeRecords::proves(std::nullopt, std::nullopt, kHome));
}

TEST(KeptHomeRecords, ARecordOfAnotherRunOrAnotherHomeProvesNothing) {
  const std::string marker = home_marker_content("run-7", "agent", "2026-01-01T00:00:00.000Z");
  EXPECT_FALSE(
      KeptHomeRecords::proves(marker, KeptHomeRecords::record_content("run-8", kHome), kHome));
  EXPECT_FALSE(KeptHomeRecords::proves(
      marker, KeptHomeRecords::record_content("run-7", "/work/deploys/run-2"), kHome));
  EXPECT_FALSE(KeptHomeRecords::proves(marker, "not json", kHome));
  EXPECT_FALSE(
      KeptHomeRecords::proves(R"({"run_id": ""})", R"({"run_id": "", "home": "/x"})", "/x"));
}

TEST(KeptHomeRecords, EachHomeHasItsOwnRecordFile) {
  const KeptHomeRecords records("/state/kept-homes");
  EXPECT_TRUE(records.enabled());
  EXPECT_EQ(records.record_file(kHome).parent_path(), "/state/kept-homes");
  EXPECT_NE(records.record_file(kHome), records.record_file("/work/deploys/run-2"));
  EXPECT_FALSE(KeptHomeRecords().enabled());
}

}  // namespace
}  // namespace tas
