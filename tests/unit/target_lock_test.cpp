#include "temp_dir.hpp"
#include <gtest/gtest.h>
#include <unistd.h>

#include <tas/core/errors.hpp>
#include <tas/engine/target_lock.hpp>

namespace tas {
namespace {

namespace fs = std::filesystem;

class TargetLockTest : public ::testing::Test {
 protected:
  test::TempDir dir_{"tas-lock"};
  fs::path locks_ = dir_ / "locks";
  fs::path target_ = dir_ / "home";
};

TEST_F(TargetLockTest, ASecondLockOnTheSameTargetIsRefusedNamingTheHolder) {
  const TargetLock first = TargetLock::acquire(locks_, target_, "run-one");
  ASSERT_TRUE(first.held());
  try {
    (void)TargetLock::acquire(locks_, target_, "run-two");
    ADD_FAILURE() << "two runs locked one target";
  } catch (const TargetRefused& error) {
    EXPECT_EQ(error.exit_code(), 11);
    const std::string message = error.what();
    EXPECT_NE(message.find("run run-one (pid " + std::to_string(::getpid()) + ")"),
              std::string::npos)
        << message;
    EXPECT_NE(message.find(target_.string()), std::string::npos) << message;
  }
  EXPECT_FALSE(TargetLock::try_acquire(locks_, target_, "run-three").held());
}

TEST_F(TargetLockTest, OtherTargetsAreNotLockedAndAReleasedLockCanBeTakenAgain) {
  {
    const TargetLock first = TargetLock::acquire(locks_, target_, "run-one");
    EXPECT_TRUE(TargetLock::acquire(locks_, dir_ / "other-home", "run-two").held());
  }
  EXPECT_TRUE(TargetLock::acquire(locks_, target_, "run-three").held());
}

TEST_F(TargetLockTest, AReleasedLockLeavesNoFileBehind) {
  fs::path file;
  {
    const TargetLock lock = TargetLock::acquire(locks_, target_, "run-one");
    file = lock.file();
    EXPECT_TRUE(fs::exists(file));
  }
  EXPECT_FALSE(fs::exists(file));
  EXPECT_TRUE(fs::is_empty(locks_));
}

TEST_F(TargetLockTest, AMovedLockStaysHeldUntilItsLastOwnerGoes) {
  TargetLock moved;
  {
    TargetLock lock = TargetLock::acquire(locks_, target_, "run-one");
    moved = std::move(lock);
  }
  EXPECT_TRUE(moved.held());
  EXPECT_FALSE(TargetLock::try_acquire(locks_, target_, "run-two").held());
}

TEST_F(TargetLockTest, AnyPathHasALockFileNameOfItsOwn) {
  const fs::path long_target = dir_ / std::string(250, 'x') / std::string(250, 'y');
  const TargetLock lock = TargetLock::acquire(locks_, long_target, "run-one");
  EXPECT_TRUE(lock.held());
  EXPECT_LT(lock.file().filename().string().size(), 64u);
  EXPECT_NE(TargetLock::file_for(locks_, target_), TargetLock::file_for(locks_, long_target));
}

}  // namespace
}  // namespace tas
