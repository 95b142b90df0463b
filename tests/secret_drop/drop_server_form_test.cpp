// The one-time web form over real HTTP on loopback (integration tier).
#include <regex>

#include "drop_test_support.hpp"
#include "processes.hpp"
#include "temp_dir.hpp"
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <tas/mocks/fake_clock.hpp>
#include <tas/secret_drop/drop_id.hpp>
#include <tas/secret_drop/drop_server.hpp>

namespace tas::secret_drop {
namespace {

using test::csrf_of;
using test::get_page;
using test::Page;
using test::post_form;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr std::string_view kValue = "form-s3cr3t-value-never-echoed";

class DropServerForm : public ::testing::Test {
 protected:
  void SetUp() override { server_.start(); }

  // The form at `link`, checked to be one.
  Page form(const DropLink& link) {
    Page page = get_page(link.url);
    EXPECT_EQ(page.status, 200) << page.body;
    return page;
  }

  test::TempDir dir_{"tas-drop-form"};
  SecretStore store_{dir_ / "store"};
  std::shared_ptr<mocks::FakeClock> clock_ = std::make_shared<mocks::FakeClock>();
  DropServer server_{store_, test::server_options({}, clock_)};
};

TEST_F(DropServerForm, LinkIsALoopbackUrlEndingInAFreshDropId) {
  const DropLink link = server_.open_request("bot token");
  EXPECT_TRUE(is_drop_id(link.id));
  EXPECT_EQ(link.url, server_.base_url() + "/drop/" + link.id);
  EXPECT_TRUE(link.url.starts_with("http://127.0.0.1:"));
  EXPECT_NE(server_.open_request("bot token").id, link.id);
}

TEST_F(DropServerForm, PageIsTitledWithTheEscapedLabelAndHasAMaskedInputAndACsrfField) {
  const DropLink link = server_.open_request("<b>\"Bot\" & 'co'</b>");
  const Page page = form(link);
  EXPECT_THAT(page.header("Content-Type"), HasSubstr("text/html"));
  const std::string escaped = "&lt;b&gt;&quot;Bot&quot; &amp; &#39;co&#39;&lt;/b&gt;";
  EXPECT_THAT(page.body, HasSubstr("<title>" + escaped + "</title>"));
  EXPECT_THAT(page.body, HasSubstr("<h1 id=\"label\">" + escaped + "</h1>"));
  EXPECT_THAT(page.body, Not(HasSubstr("<b>")));
  EXPECT_THAT(page.body, Not(HasSubstr("\"Bot\"")));
  EXPECT_THAT(page.body, Not(HasSubstr("'co'")));

  EXPECT_TRUE(std::regex_search(
      page.body,
      std::regex(R"(<input type="password" id="value" name="value" autocomplete="off")")))
      << page.body;
  EXPECT_THAT(page.body, HasSubstr("<form method=\"post\" action=\"/drop/" + link.id + "\""));
  EXPECT_THAT(page.body, HasSubstr("<button type=\"submit\""));
  EXPECT_THAT(page.body, Not(HasSubstr("<script")));

  const std::string csrf = csrf_of(page.body);
  EXPECT_TRUE(std::regex_match(csrf, std::regex("[0-9a-f]{32}"))) << csrf;  // 128 bits
  EXPECT_EQ(link.url.find(csrf), std::string::npos);
  EXPECT_NE(csrf_of(form(server_.open_request("other")).body), csrf);
  test::expect_security_headers(page, "the form");
}

TEST_F(DropServerForm, SubmittingStoresTheValueUnderTheLinksIdAndUsesTheLinkUp) {
  const DropLink link = server_.open_request("bot token");
  const std::string csrf = csrf_of(form(link).body);
  const Page done = post_form(link.url, {{"csrf", csrf}, {"value", std::string(kValue)}});
  EXPECT_EQ(done.status, 200) << done.body;
  EXPECT_THAT(done.body, HasSubstr("Received. You can close this page."));
  EXPECT_THAT(done.body, Not(HasSubstr(kValue)));
  test::expect_security_headers(done, "the success page");

  EXPECT_EQ(store_.get(link.id).reveal(), kValue);
  EXPECT_EQ(store_.describe(link.id).label, "bot token");
  EXPECT_EQ(store_.describe(link.id).field_names, std::vector<std::string>{"value"});
  EXPECT_EQ(server_.wait_for_submission(link.id, std::chrono::seconds(5)),
            SubmissionWait::submitted);

  const Page again = post_form(link.url, {{"csrf", csrf}, {"value", "another value"}});
  EXPECT_EQ(again.status, 410);
  EXPECT_THAT(again.body, HasSubstr("link was already used"));
  test::expect_security_headers(again, "the second submission");
  EXPECT_EQ(store_.get(link.id).reveal(), kValue);

  const Page reopened = get_page(link.url);
  EXPECT_EQ(reopened.status, 410);
  EXPECT_THAT(reopened.body, Not(HasSubstr("<form")));
}

TEST_F(DropServerForm, WrongOrMissingCsrfIs403AndLeavesTheLinkUsable) {
  const DropLink link = server_.open_request("bot token");
  const std::string csrf = csrf_of(form(link).body);
  std::string wrong = csrf;
  wrong[0] = wrong[0] == 'a' ? 'b' : 'a';
  for (const auto& [context, fields] : std::vector<std::pair<std::string, test::FormFields>>{
           {"wrong", {{"csrf", wrong}, {"value", std::string(kValue)}}},
           {"shorter", {{"csrf", csrf.substr(1)}, {"value", std::string(kValue)}}},
           {"empty", {{"csrf", ""}, {"value", std::string(kValue)}}},
           {"missing", {{"value", std::string(kValue)}}},
           {"twice", {{"csrf", csrf}, {"csrf", wrong}, {"value", std::string(kValue)}}},
       }) {
    const Page refused = post_form(link.url, fields);
    EXPECT_EQ(refused.status, 403) << context;
    EXPECT_THAT(refused.body, Not(HasSubstr(kValue))) << context;
    test::expect_security_headers(refused, "403 " + context);
  }
  EXPECT_THROW((void)store_.get(link.id), SecretStoreError);
  EXPECT_EQ(post_form(link.url, {{"csrf", csrf}, {"value", std::string(kValue)}}).status, 200);
}

TEST_F(DropServerForm, ExpiredLinkIs410OnTheFakeClockEvenWithAValidCsrfToken) {
  const DropLink link = server_.open_request("bot token", std::chrono::minutes(1));
  const std::string csrf = csrf_of(form(link).body);
  clock_->advance(std::chrono::minutes(2));
  const Page late = post_form(link.url, {{"csrf", csrf}, {"value", std::string(kValue)}});
  EXPECT_EQ(late.status, 410);
  EXPECT_THAT(late.body, HasSubstr("expired"));
  test::expect_security_headers(late, "the expired link");
  EXPECT_EQ(get_page(link.url).status, 410);
  EXPECT_EQ(server_.wait_for_submission(link.id, std::chrono::seconds(5)), SubmissionWait::expired);
  EXPECT_TRUE(store_.list().empty());
}

TEST(DropServerExpiry, ATinyLifetimeExpiresOnTheSystemClock) {
  test::TempDir dir{"tas-drop-expiry"};
  DropServer server{SecretStore(dir / "store")};
  server.start();
  const DropLink link = server.open_request("bot token", std::chrono::milliseconds(50));
  // No fixed sleep: the wait returns when the link has expired.
  EXPECT_EQ(server.wait_for_submission(link.id, std::chrono::seconds(10)), SubmissionWait::expired);
  EXPECT_TRUE(test::eventually([&] { return get_page(link.url).status == 410; }));
  const Page late = post_form(link.url, {{"csrf", std::string(32, '0')}, {"value", "x"}});
  EXPECT_EQ(late.status, 410);
}

TEST_F(DropServerForm, AValueAtTheLimitIsTakenAndOneByteMoreIs413) {
  const DropLink big = server_.open_request("big");
  const std::string at_limit(kMaxValueBytes, 'v');
  EXPECT_EQ(test::submit_form(big.url, at_limit).status, 200);
  EXPECT_EQ(store_.get(big.id).reveal(), at_limit);

  const DropLink over = server_.open_request("too big");
  const Page refused = test::submit_form(over.url, std::string(kMaxValueBytes + 1, 'w'));
  EXPECT_EQ(refused.status, 413);
  EXPECT_THAT(refused.body, HasSubstr("at most 10240 bytes"));
  test::expect_security_headers(refused, "413 value");
  // The link is still usable: nothing was taken.
  EXPECT_EQ(test::submit_form(over.url, "small").status, 200);
}

TEST_F(DropServerForm, ABodyOverTheLimitIs413BeforeItIsRead) {
  const DropLink link = server_.open_request("huge");
  const std::string csrf = csrf_of(form(link).body);
  const std::string body = test::form_encode(
      {{"csrf", csrf}, {"value", std::string(DropServer::kMaxFormBodyBytes, 'x')}});
  const Page refused = test::send("POST", link.url, body, "application/x-www-form-urlencoded");
  EXPECT_EQ(refused.status, 413);
  test::expect_security_headers(refused, "413 body");
  EXPECT_TRUE(store_.list().empty());
}

TEST_F(DropServerForm, ABlankValueIs400WithTheFormAgain) {
  const DropLink link = server_.open_request("bot token");
  const std::string csrf = csrf_of(form(link).body);
  for (const char* blank : {"", "   ", "\t\r\n"}) {
    const Page refused = post_form(link.url, {{"csrf", csrf}, {"value", blank}});
    EXPECT_EQ(refused.status, 400);
    EXPECT_THAT(refused.body, HasSubstr("The value was blank"));
    EXPECT_EQ(csrf_of(refused.body), csrf);  // the form again, ready to submit
    test::expect_security_headers(refused, "400 blank");
  }
  const Page no_value = post_form(link.url, {{"csrf", csrf}});
  EXPECT_EQ(no_value.status, 400);
  EXPECT_EQ(post_form(link.url, {{"csrf", csrf}, {"value", std::string(kValue)}}).status, 200);
}

TEST_F(DropServerForm, UnknownLinksPathsAndMethods) {
  const DropLink link = server_.open_request("bot token");
  const std::string base = server_.base_url();
  for (const std::string& url :
       {base + "/drop/" + new_drop_id(), base + "/drop/not-an-id", base + "/drop/..%2F..%2Fetc",
        base + "/", base + "/favicon.ico", base + "/drop", base + "/drop/" + link.id + "/x",
        base + "/api/drops/" + link.id}) {
    const Page page = get_page(url);
    EXPECT_EQ(page.status, 404) << url;
    test::expect_security_headers(page, "404 " + url);
  }
  const Page unknown_post =
      post_form(base + "/drop/" + new_drop_id(), {{"csrf", "x"}, {"value", "y"}});
  EXPECT_EQ(unknown_post.status, 404);
  for (const std::string& method : {std::string("PUT"), std::string("DELETE")}) {
    const Page page = test::send(method, link.url, "value=x", "application/x-www-form-urlencoded");
    EXPECT_EQ(page.status, 405) << method;
    EXPECT_EQ(page.header("Allow"), "GET, HEAD, POST");
    test::expect_security_headers(page, "405 " + method);
  }
  const Page head = test::send("HEAD", link.url);
  EXPECT_EQ(head.status, 200);
  test::expect_security_headers(head, "HEAD");
}

TEST_F(DropServerForm, AChunkedPostIs411) {
  const DropLink link = server_.open_request("bot token");
  // The head alone, as a raw request: the server must refuse before any of the body is sent.
  const std::string answer = test::raw_exchange(
      server_.port(), "POST /drop/" + link.id +
                          " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(server_.port()) +
                          "\r\nTransfer-Encoding: chunked\r\n"
                          "Content-Type: application/x-www-form-urlencoded\r\n\r\n");
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 411 ")) << answer;
  EXPECT_THAT(answer, HasSubstr("Cache-Control: no-store\r\n"));
  EXPECT_THAT(answer, HasSubstr("X-Frame-Options: DENY\r\n"));
}

TEST_F(DropServerForm, AFormThatIsNotUrlEncodedIs400) {
  const DropLink link = server_.open_request("bot token");
  const std::string csrf = csrf_of(form(link).body);
  EXPECT_EQ(test::send("POST", link.url, "{\"value\": \"x\"}", "application/json").status, 400);
  EXPECT_EQ(test::send("POST", link.url, "csrf=" + csrf + "&value=%zz",
                       "application/x-www-form-urlencoded")
                .status,
            400);
  EXPECT_EQ(test::submit_form(link.url, std::string(kValue)).status, 200);
}

TEST_F(DropServerForm, ValuesAreDecodedExactly) {
  const DropLink link = server_.open_request("bot token");
  const std::string value = "a+b c&d=e%f/\xc3\xa4\xe2\x82\xac";
  EXPECT_EQ(test::submit_form(link.url, value).status, 200);
  EXPECT_EQ(store_.get(link.id).reveal(), value);
}

TEST_F(DropServerForm, ALabelThatIsNoLabelIsRefused) {
  EXPECT_THROW(server_.open_request(""), SecretStoreError);
  EXPECT_THROW(server_.open_request("123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"),
               SecretStoreError);
}

}  // namespace
}  // namespace tas::secret_drop
