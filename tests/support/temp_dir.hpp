#pragma once

#include <filesystem>
#include <string>

namespace tas::test {

// A fresh directory under $TMPDIR for one test. Removed when the test passed; kept (and its path
// printed) when it failed, so the evidence survives for a look.
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

 private:
  std::filesystem::path path_;
};

}  // namespace tas::test
