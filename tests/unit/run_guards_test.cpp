#include <cstdlib>

#include "temp_dir.hpp"
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <tas/core/errors.hpp>
#include <tas/tiers/tiers.hpp>

namespace tas {
namespace {

namespace fs = std::filesystem;
using ::testing::Contains;

// The command line and every tier build their guards here: what one run protects, all do.
class RunGuardsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (const char* previous = std::getenv("TEST_AS_SELF_STATE_DIR")) saved_ = previous;
    ASSERT_EQ(::setenv("TEST_AS_SELF_STATE_DIR", (dir_ / "state").c_str(), 1), 0);
    profile_.canonical_home = dir_ / "agent-home";
    profile_.protected_paths = {dir_ / "profile-protected"};
    profile_.protected_names = {"bob"};
  }
  void TearDown() override {
    if (saved_) {
      ::setenv("TEST_AS_SELF_STATE_DIR", saved_->c_str(), 1);
    } else {
      ::unsetenv("TEST_AS_SELF_STATE_DIR");
    }
  }

  test::TempDir dir_{"tas-run-guards"};
  AgentProfile profile_;
  std::optional<std::string> saved_;
};

TEST_F(RunGuardsTest, HoldTheProfileTheCallersAdditionsAndTheStateDirectorysParts) {
  ExtraProtection extra;
  extra.canonical_homes = {dir_ / "other-home"};
  extra.paths = {dir_ / "mine"};
  extra.names = {"alice"};
  extra.secret_store = dir_ / "store";
  const ProtectedTargets guarded = run_guards(profile_, extra);

  EXPECT_THAT(guarded.canonical_homes, Contains(dir_ / "agent-home"));
  EXPECT_THAT(guarded.canonical_homes, Contains(dir_ / "other-home"));
  EXPECT_THAT(guarded.paths, Contains(dir_ / "profile-protected"));
  EXPECT_THAT(guarded.paths, Contains(dir_ / "mine"));
  EXPECT_THAT(guarded.paths, Contains(dir_ / "store"));
  for (const char* part : {"runs", "locks", "kept-homes", "reports", "secret-drop"}) {
    EXPECT_THAT(guarded.paths, Contains(dir_ / "state" / part)) << part;
  }
  EXPECT_THAT(guarded.names, Contains("bob"));
  EXPECT_THAT(guarded.names, Contains("alice"));
}

TEST_F(RunGuardsTest, RefuseATargetInsideTheStateDirectorysRecords) {
  const ProtectedTargets guarded = run_guards(profile_, {});
  fs::create_directories(dir_ / "state/runs");
  EXPECT_THROW((void)check_target(dir_ / "state/runs/home", guarded), TargetRefused);
  EXPECT_THROW((void)check_target(dir_ / "agent-home/x", guarded), TargetRefused);
  EXPECT_EQ(check_target(dir_ / "fresh", guarded), dir_ / "fresh");
}

TEST(LiveBackends, AConfigurationWithoutAUserDriverIsRefusedByName) {
  LiveConfig config;
  config.source = "live.json";
  try {
    (void)live_backends(config, "1-2-3");
    FAIL() << "a live world was built without a user driver";
  } catch (const std::invalid_argument& error) {
    EXPECT_NE(std::string(error.what()).find("live.json"), std::string::npos) << error.what();
  }
}

}  // namespace
}  // namespace tas
