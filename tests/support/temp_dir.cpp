#include "temp_dir.hpp"

#include <cstdlib>
#include <iostream>
#include <string>
#include <system_error>

#include "files.hpp"
#include <gtest/gtest.h>
#include <unistd.h>

namespace tas::test {

TempDir::TempDir(std::string_view label) {
  const char* base = std::getenv("TMPDIR");
  std::string pattern =
      (std::filesystem::path(base && *base ? base : "/tmp") / (std::string(label) + "-XXXXXX"))
          .string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw std::system_error(errno, std::generic_category(), "mkdtemp " + pattern);
  }
  // Real path: tests compare against paths the guards resolve.
  path_ = std::filesystem::canonical(pattern);
}

TempDir::~TempDir() {
  const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
  const bool failed = test != nullptr && test->result() != nullptr && test->result()->Failed();
  if (failed || keep_) {
    std::cerr << "kept for inspection: " << path_.string() << "\n";
    return;
  }
  std::error_code ignored;
  // Make everything removable first: tests create 0700 and 0000 trees.
  std::filesystem::permissions(path_, std::filesystem::perms::owner_all, ignored);
  std::filesystem::remove_all(path_, ignored);
}

std::filesystem::path TempDir::write(std::string_view name, std::string_view content,
                                     mode_t mode) const {
  return write_file(path_ / name, content, mode);
}

}  // namespace tas::test
