// A target whose parent the user cannot write is refused before anything is tried. As root every
// directory is writable, so the check runs in a child that has become the unprivileged "nobody".
#include <filesystem>

#include <grp.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <tas/core/errors.hpp>
#include <tas/engine/target_admission.hpp>

namespace tas {
namespace {

namespace fs = std::filesystem;

constexpr uid_t kNobody = 65534;

// 0 when admitted, 11 when refused as a target, 1 for anything else.
int admission_as_nobody(const fs::path& target) {
  const pid_t child = ::fork();
  if (child == 0) {
    if (::setgroups(0, nullptr) != 0 || ::setgid(kNobody) != 0 || ::setuid(kNobody) != 0) _exit(1);
    try {
      admit_target(target, KeptHomeRecords());
      _exit(0);
    } catch (const TargetRefused& error) {
      const std::string message = error.what();
      _exit(message.find("is not writable by you") != std::string::npos ? 11 : 1);
    } catch (...) {
      _exit(1);
    }
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(UnwritableParent, ATargetInADirectoryTheUserCannotWriteIsRefused) {
  const fs::path scratch =
      fs::temp_directory_path() / ("tas-unwritable-" + std::to_string(::getpid()));
  fs::create_directories(scratch / "read-only");
  fs::permissions(scratch, fs::perms(0755));
  fs::permissions(scratch / "read-only", fs::perms(0555));
  if (::geteuid() == 0) {
    EXPECT_EQ(admission_as_nobody(scratch / "read-only/home"), 11);
  } else {
    try {
      admit_target(scratch / "read-only/home", KeptHomeRecords());
      ADD_FAILURE() << "a target in a read-only directory was admitted";
    } catch (const TargetRefused& error) {
      EXPECT_NE(std::string(error.what()).find("is not writable by you"), std::string::npos);
    }
  }
  EXPECT_FALSE(fs::exists(scratch / "read-only/home"));
  fs::permissions(scratch / "read-only", fs::perms(0755));
  fs::remove_all(scratch);
}

}  // namespace
}  // namespace tas
