// tas::SecretDropSource: step 1's token from the local store, or through a one-time form that a
// "browser" (another thread) submits (integration tier: real HTTP on loopback).
#include <csignal>
#include <thread>

#include "drop_test_support.hpp"
#include "temp_dir.hpp"
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <tas/core/interrupt.hpp>
#include <tas/secret_drop/drop_id.hpp>
#include <tas/secret_drop/secret_drop_source.hpp>

namespace tas {
namespace {

using std::chrono::milliseconds;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr std::string_view kToken = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";

class SecretDropSourceTest : public ::testing::Test {
 protected:
  void TearDown() override {
    if (browser_.joinable()) browser_.join();
  }

  // Submits `value` to the link in `note` from another thread, as an operator's browser would.
  std::function<void(std::string_view)> submit_when_shown(std::string value) {
    return [this, value = std::move(value)](std::string_view note) {
      const std::string url = test::drop_url_in(note);
      if (url.empty() || browser_.joinable()) return;
      browser_ = std::thread(
          [this, url, value] { browser_status_ = test::submit_form(url, value).status; });
    };
  }

  test::TempDir dir_{"tas-drop-source"};
  secret_drop::SecretStore store_{dir_ / "store"};
  SecretDropSource source_{store_};
  SystemClock clock_;
  std::thread browser_;
  int browser_status_ = 0;
};

TEST_F(SecretDropSourceTest, RetrieveReturnsTheStoredValue) {
  const std::string id = store_.put("bot", secret_drop::value_field(Secret(std::string(kToken))));
  EXPECT_EQ(source_.retrieve(id).reveal(), kToken);
}

TEST_F(SecretDropSourceTest, RetrievePrefersTheValueFieldAndOtherwiseTakesTheOnlyOne) {
  secret_drop::DropFields several;
  several.emplace("value", Secret(std::string(kToken)));
  several.emplace("note", Secret("for the CI bot"));
  EXPECT_EQ(source_.retrieve(store_.put("bot", several)).reveal(), kToken);
  secret_drop::DropFields other;
  other.emplace("token", Secret(std::string(kToken)));
  EXPECT_EQ(source_.retrieve(store_.put("bot", other)).reveal(), kToken);
}

TEST_F(SecretDropSourceTest, RetrieveOfAnUnknownIdIsABackendErrorThatSuggestsList) {
  try {
    (void)source_.retrieve(secret_drop::new_drop_id());
    FAIL() << "expected a BackendError";
  } catch (const BackendError& error) {
    EXPECT_THAT(error.what(), HasSubstr("test-as-self secret list"));
  }
}

TEST_F(SecretDropSourceTest, DescribeNamesTheStore) {
  EXPECT_EQ(source_.describe(), "Secret Drop store at " + (dir_ / "store").string());
}

TEST_F(SecretDropSourceTest, RequestShowsTheLinkWaitsForTheFormAndStoresTheValue) {
  test::HookedProgress progress(submit_when_shown(std::string(kToken)));
  const Secret token = source_.request("Test-as-Self bot token (one-time)",
                                       Deadline::after(clock_, std::chrono::seconds(30)), progress);
  EXPECT_EQ(token.reveal(), kToken);
  browser_.join();
  EXPECT_EQ(browser_status_, 200);

  const std::string text = progress.text();
  const std::string url = test::drop_url_in(text);
  ASSERT_FALSE(url.empty()) << text;
  const std::string id = test::id_of(url);
  EXPECT_THAT(text, HasSubstr("one-time link"));
  EXPECT_THAT(text, HasSubstr("waiting up to 30 s"));
  EXPECT_THAT(text, HasSubstr("use --bot-token " + id + " next time"));
  EXPECT_THAT(text, Not(HasSubstr(kToken)));
  // Kept under the link's ID for a later run.
  EXPECT_EQ(store_.get(id).reveal(), kToken);
  EXPECT_EQ(store_.describe(id).label, "Test-as-Self bot token (one-time)");
  // The server is gone with the request.
  EXPECT_EQ(test::get_page(url).status, 0);
}

TEST_F(SecretDropSourceTest, RequestFailsAtTheDeadlineAndSaysSo) {
  test::HookedProgress progress;
  const auto start = std::chrono::steady_clock::now();
  try {
    (void)source_.request("bot token", Deadline::after(clock_, milliseconds(1000)), progress);
    FAIL() << "expected a BackendError";
  } catch (const BackendError& error) {
    EXPECT_THAT(error.what(), HasSubstr("no token was submitted within 1 s"));
    EXPECT_THAT(error.what(), HasSubstr("test-as-self secret put"));
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  EXPECT_TRUE(store_.list().empty());
}

TEST_F(SecretDropSourceTest, ShowsThatItIsStillWaiting) {
  secret_drop::FormRequestOptions options;
  options.progress_every = milliseconds(100);
  SecretDropSource source(store_, options);
  test::HookedProgress progress;
  EXPECT_THROW(
      (void)source.request("bot token", Deadline::after(clock_, milliseconds(500)), progress),
      BackendError);
  EXPECT_GE(progress.waiting_lines(), 2);
  EXPECT_THAT(progress.text(),
              HasSubstr("waiting for a Secret Drop submission at http://127.0.0.1:"));
}

TEST_F(SecretDropSourceTest, ASigintEndsTheWaitAtOnce) {
  const SignalScope signals;
  // The operator presses Ctrl-C right after the link is shown.
  test::HookedProgress progress([](std::string_view) { std::raise(SIGINT); });
  const auto start = std::chrono::steady_clock::now();
  try {
    (void)source_.request("bot token", Deadline::after(clock_, std::chrono::seconds(60)), progress);
    FAIL() << "expected a BackendError";
  } catch (const BackendError& error) {
    EXPECT_THAT(error.what(), HasSubstr("interrupted by SIGINT"));
  }
  EXPECT_EQ(pending_signal(), SIGINT);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

}  // namespace
}  // namespace tas
