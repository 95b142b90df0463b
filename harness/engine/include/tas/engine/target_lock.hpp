#pragma once

#include <filesystem>
#include <string>

#include <tas/core/unique_fd.hpp>

namespace tas {

// An exclusive lock on a target's real path, held for the whole life of a run, so that a second
// run on the same target is refused at once instead of overwriting the first one's config and
// token and deleting its home mid-run. The lock is an flock(2) on a file named after the target
// in `lock_directory`, which says who holds it (run id, pid, target); the kernel releases it when
// the holder dies, even by SIGKILL, so a stale lock never blocks a later run.
class TargetLock {
 public:
  // Takes the lock or throws TargetRefused (exit 11) naming the holder. Creates `lock_directory`
  // (mode 0700) when it is missing.
  static TargetLock acquire(const std::filesystem::path& lock_directory,
                            const std::filesystem::path& real_target, const std::string& run_id);
  // Takes the lock or returns an empty TargetLock when another run holds it.
  static TargetLock try_acquire(const std::filesystem::path& lock_directory,
                                const std::filesystem::path& real_target,
                                const std::string& run_id);

  TargetLock() = default;
  TargetLock(TargetLock&&) noexcept = default;
  TargetLock& operator=(TargetLock&& other) noexcept;
  TargetLock(const TargetLock&) = delete;
  TargetLock& operator=(const TargetLock&) = delete;
  ~TargetLock();

  [[nodiscard]] bool held() const { return fd_.valid(); }
  [[nodiscard]] const std::filesystem::path& file() const { return file_; }

  // The lock file of `real_target` in `lock_directory`: a name derived from the path's hash, so
  // any path (however long, whatever its characters) has one.
  [[nodiscard]] static std::filesystem::path file_for(const std::filesystem::path& lock_directory,
                                                      const std::filesystem::path& real_target);

 private:
  static TargetLock take(const std::filesystem::path& lock_directory,
                         const std::filesystem::path& real_target, const std::string& run_id,
                         std::string& holder);
  void release() noexcept;

  UniqueFd fd_;
  std::filesystem::path file_;
};

}  // namespace tas
