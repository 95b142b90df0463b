// The reference agent's profile, read by the harness's own parser: every field is known to it,
// "dist" resolves to the built executables, and the demotion patterns tell the two lines apart.

#include <filesystem>

#include <gtest/gtest.h>

#include <tas/core/profile.hpp>

namespace {

TEST(ReferenceAgentProfile, LoadsWithTheHarnessParserAndPointsAtTheBuiltDist) {
  const tas::AgentProfile profile = tas::load_profile(TAS_REFERENCE_AGENT_PROFILE);
  EXPECT_EQ(profile.name, "reference-agent");
  EXPECT_EQ(std::filesystem::weakly_canonical(profile.dist / "bin"),
            std::filesystem::weakly_canonical(TAS_REFERENCE_AGENT_BIN));
  EXPECT_TRUE(std::filesystem::exists(profile.dist / "bin" / "reference-agent-server"));
  EXPECT_TRUE(std::filesystem::exists(profile.dist / "bin" / "reference-agent-lifeline"));
  EXPECT_TRUE(std::filesystem::exists(profile.dist / "bin" / "reference-agent-rebuild"));
  EXPECT_EQ(profile.server.no_poll_flag, "--no-telegram-poll");
  EXPECT_EQ(profile.demotion.lease_detected, "lifeline owns polling (lease detected)");
  EXPECT_EQ(profile.demotion.no_poll_flag, "polling disabled by --no-telegram-poll");
  EXPECT_EQ(profile.state_dir, "{target}/state");
}

}  // namespace
