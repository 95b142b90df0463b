// The atomic writer's two durabilities: crash-safe renames and never waits for the disk;
// power-safe syncs the file before the rename and its directory after it. A counting sync call
// stands in for fsync, so each test sees exactly which syncs happened and when.
#include <cerrno>
#include <string>
#include <system_error>
#include <vector>

#include "files.hpp"
#include "temp_dir.hpp"
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <tas/core/atomic_file.hpp>

namespace tas {
namespace {

namespace fs = std::filesystem;

// One sync as the writer asked for it: of a directory or of a file, and what `file` held then.
struct SeenSync {
  bool directory = false;
  std::string file_content;
};

class AtomicFileTest : public ::testing::Test {
 protected:
  // Records every sync and answers with `result` (errno `error` when it fails).
  SyncCall recording_sync(int result = 0, int error = 0, bool fail_only_directories = false) {
    return [this, result, error, fail_only_directories](int fd) {
      struct stat status {};
      EXPECT_EQ(::fstat(fd, &status), 0) << "the writer synced a descriptor that is not open";
      const bool directory = S_ISDIR(status.st_mode);
      syncs_.push_back({directory, test::read_text(file_)});
      if (result != 0 && (directory || !fail_only_directories)) {
        errno = error;
        return result;
      }
      return 0;
    };
  }

  test::TempDir dir_{"tas-atomic-file"};
  fs::path file_ = dir_ / "record.json";
  std::vector<SeenSync> syncs_;
};

TEST_F(AtomicFileTest, CrashSafeReplacesTheFileWithoutEverSyncing) {
  test::write_file(file_, "old\n");
  write_file_atomically(file_, "new\n", fs::perms(0640), Durability::crash_safe, recording_sync());
  EXPECT_TRUE(syncs_.empty()) << syncs_.size() << " sync(s) in a crash-safe write";
  EXPECT_EQ(test::read_text(file_), "new\n");
  EXPECT_EQ(test::mode_of(file_), 0640u);
  EXPECT_EQ(test::listing(dir_.path()), "record.json\n") << "a temporary file was left";
}

TEST_F(AtomicFileTest, PowerSafeSyncsTheFileBeforeTheRenameAndItsDirectoryAfter) {
  test::write_file(file_, "old\n");
  write_file_atomically(file_, "new\n", fs::perms(0600), Durability::power_safe, recording_sync());
  ASSERT_EQ(syncs_.size(), 2u);
  EXPECT_FALSE(syncs_[0].directory) << "the first sync must be of the new content's file";
  EXPECT_EQ(syncs_[0].file_content, "old\n") << "the file was synced after the rename";
  EXPECT_TRUE(syncs_[1].directory) << "the rename is on disk only once its directory is";
  EXPECT_EQ(syncs_[1].file_content, "new\n") << "the directory was synced before the rename";
  EXPECT_EQ(test::read_text(file_), "new\n");
  EXPECT_EQ(test::listing(dir_.path()), "record.json\n");
}

TEST_F(AtomicFileTest, PowerSafeWithTheRealSyncWritesTheFile) {
  write_file_atomically(file_, "content\n", fs::perms(0600), Durability::power_safe);
  EXPECT_EQ(test::read_text(file_), "content\n");
  EXPECT_EQ(test::listing(dir_.path()), "record.json\n");
}

TEST_F(AtomicFileTest, AFileSyncThatFailsLeavesTheOldFileAndNoTemporary) {
  test::write_file(file_, "old\n");
  try {
    write_file_atomically(file_, "new\n", fs::perms(0600), Durability::power_safe,
                          recording_sync(-1, EIO));
    FAIL() << "a failed sync was not reported";
  } catch (const std::system_error& error) {
    EXPECT_EQ(error.code().value(), EIO);
    EXPECT_NE(std::string(error.what()).find(file_.string()), std::string::npos) << error.what();
  }
  EXPECT_EQ(syncs_.size(), 1u) << "nothing is renamed, so no directory is synced";
  EXPECT_EQ(test::read_text(file_), "old\n");
  EXPECT_EQ(test::listing(dir_.path()), "record.json\n");
}

TEST_F(AtomicFileTest, ADirectorySyncThatFailsIsReportedThoughTheFileIsInPlace) {
  try {
    write_file_atomically(file_, "new\n", fs::perms(0600), Durability::power_safe,
                          recording_sync(-1, EIO, /*fail_only_directories=*/true));
    FAIL() << "a failed directory sync was not reported";
  } catch (const std::system_error& error) {
    EXPECT_EQ(error.code().value(), EIO);
    EXPECT_NE(std::string(error.what()).find("directory"), std::string::npos) << error.what();
  }
  EXPECT_EQ(test::read_text(file_), "new\n");
}

TEST_F(AtomicFileTest, AFileSystemThatCannotSyncDirectoriesIsNoFailure) {
  write_file_atomically(file_, "new\n", fs::perms(0600), Durability::power_safe,
                        recording_sync(-1, EINVAL, /*fail_only_directories=*/true));
  EXPECT_EQ(syncs_.size(), 2u);
  EXPECT_EQ(test::read_text(file_), "new\n");
}

}  // namespace
}  // namespace tas
