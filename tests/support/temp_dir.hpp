#pragma once

#include <filesystem>
#include <string_view>

#include <sys/types.h>

namespace tas::test {

// A fresh private (0700) directory under $TMPDIR for one test. Removed when the test passed; kept
// (and its path printed) when it failed, so the evidence survives for a look.
class TempDir {
 public:
  explicit TempDir(std::string_view label = "tas-test");
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  [[nodiscard]] const std::filesystem::path& path() const { return path_; }
  [[nodiscard]] std::filesystem::path operator/(const std::filesystem::path& relative) const {
    return path_ / relative;
  }

  // Writes `name` in the directory, owner-only unless told otherwise (it may hold a token).
  std::filesystem::path write(std::string_view name, std::string_view content,
                              mode_t mode = 0600) const;

  // Keeps the directory even when the test passes, to read what was written there afterwards.
  void keep() { keep_ = true; }

 private:
  std::filesystem::path path_;
  bool keep_ = false;
};

}  // namespace tas::test
