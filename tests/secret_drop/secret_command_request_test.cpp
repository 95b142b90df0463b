// `test-as-self secret request` through run_secret_command: the form on loopback, submitted by
// another thread (integration tier).
#include <sstream>
#include <streambuf>
#include <thread>

#include "drop_test_support.hpp"
#include "secret_command.hpp"
#include "temp_dir.hpp"
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <tas/secret_drop/drop_id.hpp>
#include <tas/secret_drop/secret_store.hpp>

namespace tas::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr std::string_view kValue = "requested-s3cr3t-value";

// Keeps what is written and calls `on_line` with every complete line, on the writer's thread:
// the test sees the URL the moment the command prints it, while the command waits.
class LineHookBuffer : public std::streambuf {
 public:
  explicit LineHookBuffer(std::function<void(const std::string&)> on_line)
      : on_line_(std::move(on_line)) {}
  [[nodiscard]] const std::string& text() const { return text_; }

 protected:
  int_type overflow(int_type c) override {
    if (c == traits_type::eof()) return traits_type::not_eof(c);
    text_.push_back(static_cast<char>(c));
    line_.push_back(static_cast<char>(c));
    if (c == '\n') {
      on_line_(line_);
      line_.clear();
    }
    return c;
  }

 private:
  std::function<void(const std::string&)> on_line_;
  std::string text_;
  std::string line_;
};

class SecretRequestCommand : public ::testing::Test {
 protected:
  void TearDown() override {
    if (browser_.joinable()) browser_.join();
  }

  test::TempDir dir_{"tas-secret-request"};
  secret_drop::SecretStore store_{dir_ / "store"};
  std::thread browser_;
};

TEST_F(SecretRequestCommand, PrintsTheLinkOnStderrWaitsAndPrintsTheIdAloneOnStdout) {
  LineHookBuffer err_buffer([this](const std::string& line) {
    const std::string url = test::drop_url_in(line);
    if (url.empty() || browser_.joinable()) return;
    browser_ =
        std::thread([url] { EXPECT_EQ(test::submit_form(url, std::string(kValue)).status, 200); });
  });
  std::ostream err(&err_buffer);
  std::istringstream in;
  std::ostringstream out;
  SecretCommand command;
  command.action = SecretCommand::Action::request;
  command.label = "CI bot token";
  command.timeout_s = 30;
  command.store = store_.directory();
  EXPECT_EQ(run_secret_command(command, in, out, err), 0) << err_buffer.text();
  const std::string url = test::drop_url_in(err_buffer.text());
  ASSERT_FALSE(url.empty()) << err_buffer.text();
  EXPECT_EQ(out.str(), test::id_of(url) + "\n");
  EXPECT_EQ(store_.get(test::id_of(url)).reveal(), kValue);
  EXPECT_EQ(store_.describe(test::id_of(url)).label, "CI bot token");
  EXPECT_THAT(err_buffer.text(), Not(HasSubstr(kValue)));
}

TEST_F(SecretRequestCommand, ATimeoutIsExit1WithTheReason) {
  std::istringstream in;
  std::ostringstream out;
  std::ostringstream err;
  SecretCommand command;
  command.action = SecretCommand::Action::request;
  command.label = "CI bot token";
  command.timeout_s = 1;
  command.store = store_.directory();
  EXPECT_EQ(run_secret_command(command, in, out, err), 1);
  EXPECT_EQ(out.str(), "");
  EXPECT_THAT(err.str(), HasSubstr("no token was submitted within 1 s"));
  EXPECT_TRUE(store_.list().empty());
}

}  // namespace
}  // namespace tas::cli
