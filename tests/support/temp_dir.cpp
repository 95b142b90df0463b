#include "temp_dir.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <system_error>
#include <vector>

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
  if (failed) {
    std::cerr << "kept for inspection: " << path_.string() << "\n";
    return;
  }
  std::error_code ignored;
  // Make everything removable first: tests create 0700 and 0000 trees.
  std::filesystem::permissions(path_, std::filesystem::perms::owner_all, ignored);
  std::filesystem::remove_all(path_, ignored);
}

std::string listing(const std::filesystem::path& root) {
  std::vector<std::string> paths;
  std::error_code error;
  for (auto it = std::filesystem::recursive_directory_iterator(root, error);
       !error && it != std::filesystem::recursive_directory_iterator(); it.increment(error)) {
    // Lexically: a symlink loop in the tree is listed, not followed.
    paths.push_back(it->path().lexically_relative(root).string());
  }
  std::sort(paths.begin(), paths.end());
  std::string out;
  for (const auto& path : paths)
    out += path + "\n";
  return out;
}

std::string read_text(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

}  // namespace tas::test
