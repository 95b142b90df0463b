#include <fstream>

#include "files.hpp"
#include "temp_dir.hpp"
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <tas/core/errors.hpp>
#include <tas/core/home_layout.hpp>
#include <tas/engine/kept_home.hpp>
#include <tas/engine/target_admission.hpp>

namespace tas {
namespace {

namespace fs = std::filesystem;

class TargetAdmission : public ::testing::Test {
 protected:
  // The refusal's message; fails the test when the target was admitted or nothing changed.
  std::string refused(const fs::path& target) {
    const std::string before = test::listing(dir_.path());
    try {
      admit_target(target, records_);
    } catch (const TargetRefused& error) {
      EXPECT_EQ(error.exit_code(), 11);
      EXPECT_EQ(test::listing(dir_.path()), before) << "admission changed the filesystem";
      return error.what();
    }
    ADD_FAILURE() << "admitted " << target;
    return {};
  }

  std::string refused_without_records(const fs::path& target) {
    const KeptHomeRecords saved = records_;
    records_ = KeptHomeRecords();
    std::string message = refused(target);
    records_ = saved;
    return message;
  }

  void keep(const fs::path& home, const std::string& run_id) {
    fs::create_directories(home);
    std::ofstream(HomeLayout::of(home).marker)
        << home_marker_content(run_id, "agent", "2026-01-01T00:00:00.000Z");
    fs::create_directories(records_.directory());
    std::ofstream(records_.record_file(home)) << KeptHomeRecords::record_content(run_id, home);
  }

  test::TempDir dir_{"tas-admission"};
  KeptHomeRecords records_{dir_ / "state/kept-homes"};
};

TEST_F(TargetAdmission, ANewDirectoryInAnExistingOneAndAnEmptyDirectoryAreAdmitted) {
  EXPECT_NO_THROW(admit_target(dir_ / "new", records_));
  fs::create_directory(dir_ / "empty");
  EXPECT_NO_THROW(admit_target(dir_ / "empty", records_));
}

TEST_F(TargetAdmission, MissingParentsAreRefusedNotCreated) {
  EXPECT_NE(refused(dir_ / "a/b/c/h").find("does not exist"), std::string::npos);
  std::ofstream(dir_ / "file") << "x";
  EXPECT_NE(refused(dir_ / "file/h").find("cannot be looked at (Not a directory)"),
            std::string::npos);
}

TEST_F(TargetAdmission, WhatIsNotADirectoryIsRefusedByKind) {
  std::ofstream(dir_ / "file") << "x";
  EXPECT_NE(refused(dir_ / "file").find("is a regular file"), std::string::npos);
  ASSERT_EQ(::mkfifo((dir_ / "fifo").c_str(), 0600), 0);
  EXPECT_NE(refused(dir_ / "fifo").find("is a FIFO"), std::string::npos);
}

TEST_F(TargetAdmission, AnOccupiedDirectoryWithoutAMarkerIsRefused) {
  fs::create_directory(dir_ / "work");
  std::ofstream(dir_ / "work/thesis.tex") << "x";
  EXPECT_NE(refused(dir_ / "work").find("holds no marker"), std::string::npos);
}

TEST_F(TargetAdmission, AMarkerWithoutTheKeepingRunsRecordIsRefused) {
  fs::create_directory(dir_ / "forged");
  std::ofstream(dir_ / "forged/.test-as-self-home") << "{}";
  std::ofstream(dir_ / "forged/thesis.tex") << "x";
  EXPECT_NE(refused(dir_ / "forged").find("proves nothing"), std::string::npos);
}

TEST_F(TargetAdmission, AMarkerNamedLikeTheRealOneButAFifoDoesNotBlock) {
  fs::create_directory(dir_ / "fifo-marker");
  ASSERT_EQ(::mkfifo((dir_ / "fifo-marker/.test-as-self-home").c_str(), 0600), 0);
  EXPECT_NE(refused(dir_ / "fifo-marker").find("holds no marker"), std::string::npos);
}

TEST_F(TargetAdmission, AHomeTheKeepingRunRecordedIsAdmitted) {
  keep(dir_ / "kept", "run-7");
  std::ofstream(dir_ / "kept/agent.json") << "{}";
  EXPECT_NO_THROW(admit_target(dir_ / "kept", records_));
  EXPECT_NE(refused_without_records(dir_ / "kept").find("proves nothing"), std::string::npos);
}

TEST_F(TargetAdmission, AMarkerCopiedIntoAnotherDirectoryProvesNothingThere) {
  keep(dir_ / "kept", "run-7");
  fs::create_directory(dir_ / "copy");
  fs::copy_file(HomeLayout::of(dir_ / "kept").marker, HomeLayout::of(dir_ / "copy").marker);
  std::ofstream(dir_ / "copy/mine.txt") << "x";
  EXPECT_NE(refused(dir_ / "copy").find("proves nothing"), std::string::npos);
}

}  // namespace
}  // namespace tas
