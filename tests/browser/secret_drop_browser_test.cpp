// The one-time Secret Drop form in a real headless Chromium, driven over chromedriver's W3C
// WebDriver protocol (integration tier): what an operator does, and what a browser sends.
#include <memory>

#include "browser_test.hpp"
#include "temp_dir.hpp"
#include "webdriver.hpp"
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <tas/secret_drop/drop_server.hpp>
#include <tas/secret_drop/secret_store.hpp>

namespace tas::test {
namespace {

using std::chrono::seconds;
using ::testing::HasSubstr;
using ::testing::Not;

// A bot token's shape: what the form is for.
constexpr std::string_view kToken = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
constexpr std::string_view kLabel = R"(Test-as-Self bot "one-time" & <token>)";

class SecretDropInBrowser : public BrowserTest {
 protected:
  void SetUp() override {
    BrowserTest::SetUp();
    if (IsSkipped()) return;
    server_.start();
    open_browser(dir_ / "browser");
  }

  void TearDown() override {
    BrowserTest::TearDown();
    server_.stop();
  }

  // Types `value` into the masked input and presses the submit button, as an operator would.
  void fill_and_submit(std::string_view value) const {
    const std::string input = browser_->find("input[name=value]");
    browser_->send_keys(input, std::string(value));
    browser_->click(browser_->find("button[type=submit]"));
  }

  [[nodiscard]] std::string body_text() const { return browser_->text(browser_->find("body")); }
  [[nodiscard]] std::string page_source() const {
    return browser_->execute("return document.documentElement.outerHTML;").get<std::string>();
  }

  TempDir dir_{"tas-browser"};
  secret_drop::SecretStore store_{dir_ / "store"};
  secret_drop::DropServer server_{store_};
};

TEST_F(SecretDropInBrowser, AnOperatorSubmitsTheMaskedFormAndTheValueIsStored) {
  const secret_drop::DropLink link = server_.open_request(kLabel);
  browser_->navigate(link.url);
  // The label arrives escaped and the browser shows it as text, not as markup.
  EXPECT_EQ(browser_->title(), kLabel);
  EXPECT_EQ(browser_->text(browser_->find("h1")), kLabel);
  EXPECT_FALSE(browser_->exists("token"));  // "<token>" did not become an element

  const std::string input = browser_->find("input[name=value]");
  EXPECT_EQ(browser_->attribute(input, "type"), "password");
  EXPECT_EQ(browser_->attribute(input, "autocomplete"), "off");
  const std::string csrf = browser_->find("input[name=csrf]");
  EXPECT_EQ(browser_->attribute(csrf, "type"), "hidden");
  EXPECT_EQ(browser_->attribute(csrf, "value").size(), 32u);

  fill_and_submit(kToken);
  ASSERT_TRUE(browser_->wait_for_title("Received", seconds(15))) << browser_->title();
  EXPECT_THAT(body_text(), HasSubstr("Received. You can close this page."));
  EXPECT_THAT(page_source(), Not(HasSubstr(kToken)));
  EXPECT_EQ(store_.get(link.id).reveal(), kToken);
  EXPECT_EQ(store_.describe(link.id).label, kLabel);
}

TEST_F(SecretDropInBrowser, ASecondSubmissionGets410) {
  const secret_drop::DropLink link = server_.open_request(kLabel);
  // Two tabs hold the form before anything is submitted, as if the link was opened twice.
  const std::string first = browser_->current_tab();
  browser_->navigate(link.url);
  const std::string second = browser_->new_tab();
  browser_->switch_to(second);
  browser_->navigate(link.url);
  ASSERT_EQ(browser_->title(), kLabel);

  browser_->switch_to(first);
  fill_and_submit(kToken);
  ASSERT_TRUE(browser_->wait_for_title("Received", seconds(15))) << browser_->title();

  browser_->switch_to(second);
  fill_and_submit("a-second-value");
  ASSERT_TRUE(browser_->wait_for_title("Link already used", seconds(15))) << browser_->title();
  EXPECT_THAT(body_text(), HasSubstr("link was already used"));

  // Back to the form in the first tab, and submit again. Whether the browser shows the form it
  // kept or fetches the page again (no-store), the used link ends in the 410 page.
  browser_->switch_to(first);
  browser_->back();
  const bool form_kept = browser_->exists("input[name=value]");
  RecordProperty("back_navigation",
                 form_kept ? "form kept, submitted again" : "page fetched again");
  if (form_kept) fill_and_submit("a-third-value");
  ASSERT_TRUE(browser_->wait_for_title("Link already used", seconds(15))) << browser_->title();
  EXPECT_THAT(body_text(), HasSubstr("link was already used"));

  EXPECT_EQ(store_.get(link.id).reveal(), kToken);
}

TEST_F(SecretDropInBrowser, AnAlteredCsrfTokenGets403AndTheLinkStaysUnused) {
  const secret_drop::DropLink link = server_.open_request(kLabel);
  browser_->navigate(link.url);
  // WebDriver's scripts run outside the page's Content-Security-Policy, like an attacker's tool.
  const auto altered = browser_->execute(
      "const csrf = document.querySelector('input[name=csrf]');"
      "csrf.value = arguments[0];"
      "return csrf.value;",
      {std::string(32, 'f')});
  ASSERT_EQ(altered, std::string(32, 'f'));
  fill_and_submit(kToken);
  ASSERT_TRUE(browser_->wait_for_title("Form not accepted", seconds(15))) << browser_->title();
  EXPECT_THAT(body_text(), HasSubstr("CSRF token is missing or wrong"));
  EXPECT_THAT(page_source(), Not(HasSubstr(kToken)));
  EXPECT_THROW((void)store_.describe(link.id), secret_drop::SecretStoreError);

  // The link was not used up: the form, fetched again, still takes the value.
  browser_->navigate(link.url);
  fill_and_submit(kToken);
  ASSERT_TRUE(browser_->wait_for_title("Received", seconds(15))) << browser_->title();
  EXPECT_EQ(store_.get(link.id).reveal(), kToken);
}

}  // namespace
}  // namespace tas::test
