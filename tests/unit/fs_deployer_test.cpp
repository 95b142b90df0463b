#include <fstream>

#include "files.hpp"
#include "temp_dir.hpp"
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <tas/backends/backend_error.hpp>
#include <tas/backends/fs_deployer.hpp>
#include <tas/core/home_layout.hpp>

namespace tas {
namespace {

namespace fs = std::filesystem;

class FsDeployerTest : public ::testing::Test {
 protected:
  test::TempDir dir_{"tas-deployer"};
  FsDeployer deployer_;
};

TEST_F(FsDeployerTest, TellsWhatIsAtTheTarget) {
  EXPECT_EQ(deployer_.inspect(dir_ / "none"), TargetState::missing);
  fs::create_directory(dir_ / "empty");
  EXPECT_EQ(deployer_.inspect(dir_ / "empty"), TargetState::empty_directory);
  fs::create_directory(dir_ / "theirs");
  std::ofstream(dir_ / "theirs/notes.txt") << "x";
  EXPECT_EQ(deployer_.inspect(dir_ / "theirs"), TargetState::occupied);
  fs::create_directory(dir_ / "ours");
  std::ofstream(dir_ / "ours" / HomeLayout::kMarkerName) << "{}";
  EXPECT_EQ(deployer_.inspect(dir_ / "ours"), TargetState::earlier_kept_run);
  std::ofstream(dir_ / "file") << "x";
  EXPECT_EQ(deployer_.inspect(dir_ / "file"), TargetState::not_a_directory);
}

TEST_F(FsDeployerTest, CreatesDirectoriesAndParents0700) {
  deployer_.create_directory(dir_ / "a/b/c");
  EXPECT_EQ(test::mode_of(dir_ / "a"), 0700u);
  EXPECT_EQ(test::mode_of(dir_ / "a/b/c"), 0700u);
  fs::create_directory(dir_ / "loose");
  fs::permissions(dir_ / "loose", fs::perms(0755));
  deployer_.create_directory(dir_ / "loose");
  EXPECT_EQ(test::mode_of(dir_ / "loose"), 0700u);
}

TEST_F(FsDeployerTest, WritesSecretsWithMode0600WhateverTheUmask) {
  const mode_t previous = ::umask(0);
  deployer_.write_secret(dir_ / "token", Secret("value"));
  ::umask(previous);
  EXPECT_EQ(test::mode_of(dir_ / "token"), 0600u);
  EXPECT_EQ(test::read_text(dir_ / "token"), "value");
}

TEST_F(FsDeployerTest, NeverReplacesAFileWithTheDistLink) {
  std::ofstream(dir_ / "dist") << "precious";
  EXPECT_THROW(deployer_.symlink(dir_ / "dist", "/opt/build"), BackendError);
  EXPECT_EQ(test::read_text(dir_ / "dist"), "precious");
  deployer_.symlink(dir_ / "link", "/opt/build");
  deployer_.symlink(dir_ / "link", "/opt/build");  // a resumed run: the same link again
  deployer_.symlink(dir_ / "link", "/opt/other");
  EXPECT_EQ(fs::read_symlink(dir_ / "link"), "/opt/other");
}

TEST_F(FsDeployerTest, RemovesOnlyAHomeThatCarriesTheMarkerAndNeverFollowsLinks) {
  fs::create_directories(dir_ / "outside");
  std::ofstream(dir_ / "outside/keep.txt") << "keep";
  fs::create_directories(dir_ / "home/state");
  fs::create_directory_symlink(dir_ / "outside", dir_ / "home/dist");
  fs::permissions(dir_ / "home/state", fs::perms(0500));  // an agent left it read-only
  EXPECT_THROW(deployer_.remove_home(dir_ / "home", false), BackendError);
  EXPECT_TRUE(fs::exists(dir_ / "home/state"));
  std::ofstream(dir_ / "home" / HomeLayout::kMarkerName) << "{}";
  EXPECT_TRUE(deployer_.remove_home(dir_ / "home", false));
  EXPECT_FALSE(fs::exists(dir_ / "home"));
  EXPECT_EQ(test::read_text(dir_ / "outside/keep.txt"), "keep");
  EXPECT_FALSE(deployer_.remove_home(dir_ / "home", false));
}

TEST_F(FsDeployerTest, EmptiesAnAdoptedHomeButKeepsTheDirectory) {
  fs::create_directories(dir_ / "given/logs");
  std::ofstream(dir_ / "given" / HomeLayout::kMarkerName) << "{}";
  EXPECT_TRUE(deployer_.remove_home(dir_ / "given", /*keep_root=*/true));
  EXPECT_TRUE(fs::is_directory(dir_ / "given"));
  EXPECT_TRUE(fs::is_empty(dir_ / "given"));
}

}  // namespace
}  // namespace tas
