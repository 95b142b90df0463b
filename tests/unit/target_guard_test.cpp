#include "files.hpp"
#include "temp_dir.hpp"
#include <gtest/gtest.h>
#include <unistd.h>

#include <tas/core/errors.hpp>
#include <tas/engine/target_guard.hpp>

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
  // The canonical home is never guessed from the current directory
  // (docs/architecture.md, 'Mistakes it is built to catch'). Here the current directory is an
  // agent home that nobody configured: it is not protected by that.
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

TEST_F(TargetGuard, RefusesSystemDirectoriesAndWhatLiesInThoseTheSystemOwns) {
  guarded_.user_home = root_ / "home/u";  // not an ancestor of any case below
  // (/tmp itself also contains this test's scratch home, which the guard names first.)
  for (const char* directory :
       {"/var/tmp", "/home", "/opt", "/srv", "/mnt", "/media", "/root", "/run/user"}) {
    EXPECT_NE(refused(directory).find("itself"), std::string::npos) << directory;
  }
  for (const char* inside : {"/proc", "/proc/self", "/dev/null", "/dev/shm/x", "/sys/x", "/etc",
                             "/etc/x", "/usr/local/x", "/bin/x", "/sbin", "/lib/x", "/boot/x",
                             "/run", "/run/lock/x", "/var", "/var/lib/x", "/var/log/x"}) {
    EXPECT_NE(refused(inside).find("system directory"), std::string::npos) << inside;
  }
  // Scratch space is fine: inside /tmp, /var/tmp and the user's runtime directory.
  EXPECT_EQ(check_target("/var/tmp/tas-guard-x", guarded_), "/var/tmp/tas-guard-x");
  EXPECT_EQ(check_target("/run/user/1000/tas-guard-x", guarded_), "/run/user/1000/tas-guard-x");
  EXPECT_EQ(check_target("/tmp/tas-guard-x", guarded_), "/tmp/tas-guard-x");
  guarded_.user_home = "/nonexistent-home-of-nobody";
  guarded_.canonical_homes.clear();
  guarded_.paths.clear();
  EXPECT_NE(refused("/tmp").find("system directory /tmp itself"), std::string::npos);
  EXPECT_NE(refused("/tmp/").find("system directory /tmp itself"), std::string::npos);
}

TEST_F(TargetGuard, ASymlinkLoopIsARefusedTargetNotACrash) {
  fs::create_symlink("b", root_ / "scratch/a");
  fs::create_symlink("a", root_ / "scratch/b");
  before_ = test::listing(root_.path());
  EXPECT_NE(refused(root_ / "scratch/a").find("cannot be resolved"), std::string::npos);
  EXPECT_NE(refused(root_ / "scratch/a/below").find("symlink loop"), std::string::npos);
}

TEST_F(TargetGuard, ATildeTheShellDidNotExpandIsRefusedNotTakenLiterally) {
  EXPECT_NE(refused("~/x").find("only a shell expands"), std::string::npos);
  EXPECT_NE(refused("~bob/x").find("only a shell expands"), std::string::npos);
  EXPECT_NE(refused("~").find("only a shell expands"), std::string::npos);
}

TEST_F(TargetGuard, AReportLocationGetsTheSameGuardsInItsOwnWords) {
  try {
    (void)check_report_location(root_ / "home/u/keep/report.json", guarded_);
    ADD_FAILURE() << "a report inside a protected path was accepted";
  } catch (const TargetRefused& error) {
    EXPECT_EQ(error.exit_code(), 11);
    EXPECT_NE(std::string(error.what()).find("refusing --report-json"), std::string::npos)
        << error.what();
    EXPECT_NE(std::string(error.what()).find("inside a protected path"), std::string::npos);
  }
  EXPECT_THROW((void)check_report_location("/dev/null", guarded_), TargetRefused);
  EXPECT_THROW((void)check_report_location(root_ / "home/u/.agent/r.json", guarded_),
               TargetRefused);
  EXPECT_EQ(check_report_location(root_ / "scratch/r.json", guarded_), root_ / "scratch/r.json");
  EXPECT_EQ(test::listing(root_.path()), before_);
}

}  // namespace
}  // namespace tas
