#include "browser_test.hpp"

#include <iostream>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace tas::test {

void BrowserTest::SetUp() {
  if (const auto missing = missing_browser_binary()) GTEST_SKIP() << *missing;
}

void BrowserTest::TearDown() {
  if (browser_) browser_->quit();
  if (chromedriver_) {
    const std::vector<std::string> left = chromedriver_->stop();
    EXPECT_TRUE(left.empty()) << "processes of chromedriver or Chromium still alive: "
                              << fmt::format("{}", fmt::join(left, ", "));
    if (HasFailure()) std::cerr << chromedriver_->logs() << "\n";
  }
}

void BrowserTest::open_browser(const std::filesystem::path& directory) {
  chromedriver_ = std::make_unique<Chromedriver>(directory);
  browser_ = std::make_unique<BrowserSession>(chromedriver_->driver(),
                                              chromedriver_->chromium_capabilities());
}

}  // namespace tas::test
