#include "temp_dir.hpp"
#include <gtest/gtest.h>
#include <unistd.h>

#include <tas/errors.hpp>
#include <tas/target_guard.hpp>

namespace tas {
namespace {

namespace fs = std::filesystem;

// A small world on disk: a user home with a canonical agent home and a protected path in it.
class TargetGuard : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::create_directories(root_ / "home/u/.agent/state");
    fs::create_directories(root_ / "home/u/keep");
    fs::create_directories(root_ / "scratch");
    guarded_.user_home = root_ / "home/u";
    guarded_.canonical_homes = {root_ / "home/u/.agent"};
    guarded_.paths = {root_ / "home/u/keep"};
    guarded_.names = {"bob"};
    before_ = test::listing(root_.path());
  }

  // The refusal's message; fails the test when the target was accepted or exit code is not 11.
  std::string refused(const fs::path& target) {
    try {
      (void)check_target(target, guarded_);
    } catch (const TargetRefused& error) {
      EXPECT_EQ(error.exit_code(), 11);
      EXPECT_EQ(test::listing(root_.path()), before_) << "the guard changed the filesystem";
      return error.what();
    }
    ADD_FAILURE() << "accepted " << target;
    return {};
  }

  test::TempDir root_{"tas-guard"};
  ProtectedTargets guarded_;
  std::string before_;
};

TEST_F(TargetGuard, AcceptsANewDirectoryAndReturnsItsRealPath) {
  EXPECT_EQ(check_target(root_ / "scratch/run-1", guarded_), root_ / "scratch/run-1");
  EXPECT_EQ(check_target(root_ / "home/u/.local/state/test-as-self/deploys/x", guarded_),
            root_ / "home/u/.local/state/test-as-self/deploys/x");
  EXPECT_EQ(test::listing(root_.path()), before_);
}

TEST_F(TargetGuard, RefusesTheFilesystemRoot) {
  EXPECT_NE(refused("/").find("filesystem root"), std::string::npos);
  EXPECT_NE(refused("/tmp/..").find("filesystem root"), std::string::npos);
}

TEST_F(TargetGuard, RefusesHomeAndItsAncestors) {
  EXPECT_NE(refused(root_ / "home/u").find("your home directory"), std::string::npos);
  EXPECT_NE(refused(root_ / "home/u/").find("your home directory"), std::string::npos);
  EXPECT_NE(refused(root_ / "home").find("contains your home directory"), std::string::npos);
}

TEST_F(TargetGuard, RefusesTheCanonicalHomeItsInsideAndItsAncestors) {
  EXPECT_NE(refused(root_ / "home/u/.agent").find("it is the canonical agent home"),
            std::string::npos);
  EXPECT_NE(refused(root_ / "home/u/.agent/state").find("inside the canonical agent home"),
            std::string::npos);
  EXPECT_NE(refused(root_ / "home/u/.agent/new/deep").find("inside the canonical agent home"),
            std::string::npos);
  guarded_.user_home.clear();
  EXPECT_NE(refused(root_ / "home/u").find("contains the canonical agent home"), std::string::npos);
}

TEST_F(TargetGuard, RefusesAProtectedPath) {
  EXPECT_NE(refused(root_ / "home/u/keep").find("a protected path"), std::string::npos);
}

TEST_F(TargetGuard, ComparesRealPathsThroughSymlinksDotDotAndTrailingSlashes) {
  fs::create_directory_symlink(root_ / "home/u/.agent", root_ / "scratch/link-to-agent");
  before_ = test::listing(root_.path());
  const std::string message = refused(root_ / "scratch/link-to-agent");
  EXPECT_NE(message.find("canonical agent home"), std::string::npos);
  EXPECT_NE(message.find("resolves to"), std::string::npos);
  EXPECT_NE(refused(root_ / "scratch/link-to-agent/not-yet").find("inside the canonical"),
            std::string::npos);
  EXPECT_NE(refused(root_ / "scratch/../home/u/.agent").find("canonical agent home"),
            std::string::npos);
  EXPECT_NE(refused(root_ / "home/u/keep/../.agent/").find("canonical agent home"),
            std::string::npos);
  EXPECT_NE(refused(root_ / "scratch/missing/../../home/u/.agent").find("canonical agent home"),
            std::string::npos);
}

TEST_F(TargetGuard, FollowsADanglingSymlinkToAHomeThatDoesNotExistYet) {
  guarded_.canonical_homes = {root_ / "home/u/.not-created-yet"};
  fs::create_directory_symlink(root_ / "home/u/.not-created-yet", root_ / "scratch/dangling");
  before_ = test::listing(root_.path());
  const std::string message = refused(root_ / "scratch/dangling");
  EXPECT_NE(message.find("it is the canonical agent home"), std::string::npos) << message;
  EXPECT_NE(message.find("resolves to"), std::string::npos) << message;
}

TEST_F(TargetGuard, AppliesDotDotAfterASymlinkAsTheKernelDoes) {
  // scratch/deep -> home/u/keep, so scratch/deep/../.agent is home/u/.agent, not scratch/.agent.
  fs::create_directory_symlink(root_ / "home/u/keep", root_ / "scratch/deep");
  before_ = test::listing(root_.path());
  EXPECT_NE(refused(root_ / "scratch/deep/../.agent").find("canonical agent home"),
            std::string::npos);
}

TEST_F(TargetGuard, ResolvesARelativeTargetFromTheCurrentDirectory) {
  const fs::path previous = fs::current_path();
  fs::current_path(root_ / "home/u");
  const std::string message = refused(".agent");
  fs::current_path(previous);
  EXPECT_NE(message.find("canonical agent home"), std::string::npos);
}

TEST_F(TargetGuard, RefusesADirectoryWithAProtectedName) {
  EXPECT_NE(refused(root_ / "scratch/bob").find("named 'bob'"), std::string::npos);
  EXPECT_NE(refused(root_ / "scratch/Bob/run").find("named 'bob'"), std::string::npos);
  fs::create_directory_symlink(root_ / "scratch", root_ / "bob");
  before_ = test::listing(root_.path());
  EXPECT_NE(refused(root_ / "bob/run").find("named 'bob'"), std::string::npos);
}

TEST_F(TargetGuard, AUserNamedLikeAProtectedHomeCanStillUseTheirOwnHome) {
  fs::create_directories(root_ / "home/bob");
  guarded_.user_home = root_ / "home/bob";
  before_ = test::listing(root_.path());
  EXPECT_EQ(check_target(root_ / "home/bob/.local/state/run", guarded_),
            root_ / "home/bob/.local/state/run");
  EXPECT_NE(refused(root_ / "home/bob/bob").find("named 'bob'"), std::string::npos);
}

TEST_F(TargetGuard, NeverGuessesTheCanonicalHomeFromTheCurrentDirectory) {
  // The first implementation took the current directory for the canonical home (SPEC §13). Here
  // the current directory is an agent home that nobody configured: it is not protected by that.
  guarded_.canonical_homes.clear();
  const fs::path previous = fs::current_path();
  fs::current_path(root_ / "home/u/.agent");
  const fs::path accepted = check_target("run-here", guarded_);
  fs::current_path(previous);
  EXPECT_EQ(accepted, root_ / "home/u/.agent/run-here");
}

TEST_F(TargetGuard, AnEmptyTargetIsRefused) {
  EXPECT_NE(refused("").find("empty target"), std::string::npos);
}

}  // namespace
}  // namespace tas
