#pragma once

// The base of a test that drives a real headless Chromium: skipped, naming the packages, where the
// browser is not installed; the browser opened on demand; and at the end, Chromium and chromedriver
// gone, every one of their processes, or the test fails (with chromedriver's log on a failure).
#include <filesystem>
#include <memory>

#include "chromedriver.hpp"
#include "webdriver.hpp"
#include <gtest/gtest.h>

namespace tas::test {

class BrowserTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // Starts chromedriver (its files in `directory`) and a browser session on it.
  void open_browser(const std::filesystem::path& directory);

  std::unique_ptr<Chromedriver> chromedriver_;
  std::unique_ptr<BrowserSession> browser_;
};

}  // namespace tas::test
