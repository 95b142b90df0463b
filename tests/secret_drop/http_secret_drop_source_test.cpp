// tas::HttpSecretDropSource against a real DropServer with its API on (integration tier).
#include <csignal>
#include <thread>

#include "drop_test_support.hpp"
#include "files.hpp"
#include "temp_dir.hpp"
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <tas/core/interrupt.hpp>
#include <tas/secret_drop/drop_id.hpp>
#include <tas/secret_drop/drop_server.hpp>
#include <tas/secret_drop/http_secret_drop_source.hpp>

namespace tas {
namespace {

using std::chrono::milliseconds;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr std::string_view kBearer = "agent-api-bearer-7d2e";
constexpr std::string_view kValue = "987654321:BBHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";

// The message of the BackendError `action` throws, checked to hold neither bearer nor value.
template <typename Action>
std::string error_of(Action&& action) {
  try {
    action();
  } catch (const BackendError& error) {
    const std::string message = error.what();
    EXPECT_THAT(message, Not(HasSubstr(kBearer)));
    EXPECT_THAT(message, Not(HasSubstr(kValue)));
    return message;
  }
  ADD_FAILURE() << "expected a BackendError";
  return {};
}

class HttpSecretDropSourceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    test::write_file(server_token_file_, std::string(kBearer) + "\n", 0600);
    test::write_file(client_token_file_, std::string(kBearer) + "\n", 0600);
    server_.start();
  }
  void TearDown() override {
    if (browser_.joinable()) browser_.join();
  }

  HttpSecretDropSource source(std::filesystem::path token_file = {}) {
    HttpSecretDropOptions options;
    options.base_url = server_.base_url() + "/";
    options.bearer_token_file = token_file.empty() ? client_token_file_ : token_file;
    options.poll_interval = milliseconds(50);
    return HttpSecretDropSource(options);
  }

  test::TempDir dir_{"tas-http-drop"};
  std::filesystem::path server_token_file_ = dir_ / "server-token";
  std::filesystem::path client_token_file_ = dir_ / "client-token";
  secret_drop::SecretStore store_{dir_ / "store"};
  secret_drop::DropServer server_{store_, test::server_options(server_token_file_)};
  SystemClock clock_;
  std::thread browser_;
};

TEST_F(HttpSecretDropSourceTest, RetrieveReadsTheDropOverTheApi) {
  const std::string id = store_.put("bot", secret_drop::value_field(Secret(std::string(kValue))));
  EXPECT_EQ(source().retrieve(id).reveal(), kValue);
  EXPECT_EQ(source().describe(), "agent-hosted Secret Drop at " + server_.base_url());
}

TEST_F(HttpSecretDropSourceTest, AnUnknownDropIsABackendError) {
  const std::string id = secret_drop::new_drop_id();
  EXPECT_THAT(error_of([&] { (void)source().retrieve(id); }), HasSubstr("no drop " + id));
}

TEST_F(HttpSecretDropSourceTest, AWrongBearerIsRefusedWithoutShowingAnyToken) {
  const auto wrong_file = dir_ / "wrong-token";
  test::write_file(wrong_file, "wrong-bearer-value-1234", 0600);
  const std::string id = store_.put("bot", secret_drop::value_field(Secret(std::string(kValue))));
  const std::string message = error_of([&] { (void)source(wrong_file).retrieve(id); });
  EXPECT_THAT(message, HasSubstr("HTTP 401"));
  EXPECT_THAT(message, HasSubstr(wrong_file.string()));
  EXPECT_THAT(message, Not(HasSubstr("wrong-bearer-value-1234")));
}

TEST_F(HttpSecretDropSourceTest, ABearerFileThatOthersMayReadIsRefusedBeforeAnyRequest) {
  const auto open_file = dir_ / "open-token";
  test::write_file(open_file, kBearer, 0644);
  const std::string id = store_.put("bot", secret_drop::value_field(Secret(std::string(kValue))));
  const std::string message = error_of([&] { (void)source(open_file).retrieve(id); });
  EXPECT_THAT(message, HasSubstr(open_file.string()));
  EXPECT_THAT(message, HasSubstr("0644"));
  EXPECT_THAT(message, HasSubstr("chmod 600"));
}

TEST_F(HttpSecretDropSourceTest, AMalformedIdIsRefusedWithoutBeingRepeated) {
  const std::string message = error_of([&] { (void)source().retrieve("../../etc/passwd"); });
  EXPECT_THAT(message, Not(HasSubstr("passwd")));
  EXPECT_THAT(error_of([&] { (void)source().retrieve(kValue); }),
              HasSubstr("expected a Secret Drop ID"));
}

TEST_F(HttpSecretDropSourceTest, AServerThatIsNotThereIsABackendError) {
  HttpSecretDropOptions options;
  options.base_url = server_.base_url();
  options.bearer_token_file = client_token_file_;
  server_.stop();
  EXPECT_THAT(
      error_of([&] { (void)HttpSecretDropSource(options).retrieve(secret_drop::new_drop_id()); }),
      HasSubstr("cannot reach the Secret Drop at " + options.base_url));
}

TEST_F(HttpSecretDropSourceTest, RequestOpensALinkAndPollsUntilTheValueArrives) {
  test::HookedProgress progress([this](std::string_view note) {
    const std::string url = test::drop_url_in(note);
    if (url.empty() || browser_.joinable()) return;
    browser_ =
        std::thread([url] { EXPECT_EQ(test::submit_form(url, std::string(kValue)).status, 200); });
  });
  const Secret value = source().request(
      "agent bot token", Deadline::after(clock_, std::chrono::seconds(30)), progress);
  EXPECT_EQ(value.reveal(), kValue);
  const std::string text = progress.text();
  const std::string url = test::drop_url_in(text);
  ASSERT_FALSE(url.empty()) << text;
  EXPECT_THAT(text, HasSubstr("one-time link"));
  EXPECT_THAT(text, Not(HasSubstr(kValue)));
  EXPECT_THAT(text, Not(HasSubstr(kBearer)));
  EXPECT_EQ(store_.get(test::id_of(url)).reveal(), kValue);
}

TEST_F(HttpSecretDropSourceTest, RequestFailsAtTheDeadline) {
  test::HookedProgress progress;
  EXPECT_THAT(error_of([&] {
                (void)source().request("bot", Deadline::after(clock_, milliseconds(1000)),
                                       progress);
              }),
              HasSubstr("no token was submitted within 1 s"));
}

TEST_F(HttpSecretDropSourceTest, ASigintEndsTheWait) {
  const SignalScope signals;
  test::HookedProgress progress([](std::string_view) { std::raise(SIGINT); });
  const auto start = std::chrono::steady_clock::now();
  EXPECT_THAT(error_of([&] {
                (void)source().request("bot", Deadline::after(clock_, std::chrono::seconds(60)),
                                       progress);
              }),
              HasSubstr("interrupted by SIGINT"));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

TEST_F(HttpSecretDropSourceTest, ARequestWithAWrongBearerIsRefused) {
  const auto wrong_file = dir_ / "wrong-token";
  test::write_file(wrong_file, "wrong-bearer-value-1234", 0600);
  test::HookedProgress progress;
  const std::string message = error_of([&] {
    (void)source(wrong_file)
        .request("bot", Deadline::after(clock_, std::chrono::seconds(5)), progress);
  });
  EXPECT_THAT(message, HasSubstr("HTTP 401"));
  EXPECT_THAT(message, Not(HasSubstr("wrong-bearer-value-1234")));
}

}  // namespace
}  // namespace tas
