// The real backends that talk over loopback, against the fake Telegram: the Bot API client, the
// HTTP user driver, the health probe, port allocation.
#include <gtest/gtest.h>

#include <tas/backends/backend_error.hpp>
#include <tas/backends/bot_api_error.hpp>
#include <tas/backends/fs_deployer.hpp>
#include <tas/backends/http_bot_api.hpp>
#include <tas/backends/http_client.hpp>
#include <tas/backends/http_readiness_probe.hpp>
#include <tas/backends/http_user_driver.hpp>
#include <tas/fake/fake_telegram_server.hpp>
#include <tas/http_server/http_server.hpp>

namespace tas {
namespace {

using namespace std::chrono_literals;

constexpr std::string_view kToken = "424242:BackendsTestTokenBBBBBBBBBBBBBBBBBB";

class BackendsAgainstTheFake : public ::testing::Test {
 protected:
  void SetUp() override {
    telegram_.register_bot({std::string(kToken), "backends_bot", "Backends"});
    telegram_.create_user({501, false, "Ada", "ada"});
    fake::ChatSpec chat;
    chat.chat = {-100501, "supergroup", "room", true};
    chat.topic_ids = {9};
    chat.bot_usernames = {"backends_bot"};
    telegram_.create_chat(chat);
    telegram_.start();
  }

  SystemClock clock_;
  fake::FakeTelegramServer telegram_;
};

TEST_F(BackendsAgainstTheFake, BotApiNamesTheBotAndNeverPutsTheTokenIntoAnError) {
  HttpBotApi api(telegram_.base_url());
  const BotIdentity me = api.get_me(Secret(std::string(kToken)), Deadline::after(clock_, 5s));
  EXPECT_EQ(me.id, 424242);
  EXPECT_EQ(me.username, "backends_bot");
  const std::string wrong = "424242:WrongTokenWrongTokenWrongTokenXX";
  try {
    (void)api.get_me(Secret(wrong), Deadline::after(clock_, 5s));
    FAIL() << "a wrong token was accepted";
  } catch (const BotTokenRefused& error) {
    const std::string what = error.what();
    EXPECT_NE(what.find("the token was refused (401 Unauthorized) by the Bot API at " +
                        telegram_.base_url()),
              std::string::npos)
        << what;
    EXPECT_EQ(what.find("WrongToken"), std::string::npos) << what;
  }
}

TEST_F(BackendsAgainstTheFake, BotApiSaysWhenNothingAnswers) {
  HttpBotApi api("http://127.0.0.1:1");
  try {
    (void)api.get_me(Secret(std::string(kToken)), Deadline::after(clock_, 2s));
    FAIL() << "a closed port answered";
  } catch (const BotApiUnreachable& error) {
    const std::string what = error.what();
    EXPECT_NE(what.find("the Bot API at http://127.0.0.1:1 is unreachable: connection refused"),
              std::string::npos)
        << what;
    EXPECT_EQ(what.find("BackendsTestToken"), std::string::npos) << what;
  }
}

TEST_F(BackendsAgainstTheFake, BotApiSaysWhenANameDoesNotResolve) {
  // .invalid never resolves (RFC 6761).
  HttpBotApi api("http://bot-api.invalid");
  try {
    (void)api.get_me(Secret(std::string(kToken)), Deadline::after(clock_, 5s));
    FAIL() << "an invalid name answered";
  } catch (const BotApiUnreachable& error) {
    // A machine without a resolver may time out instead of failing the lookup: unreachable too.
    const std::string what = error.what();
    EXPECT_TRUE(what.find("is unreachable: DNS lookup failed") != std::string::npos ||
                what.find("is unreachable: timed out") != std::string::npos)
        << what;
  }
}

// A Bot API address that answers with `status` and `body` to everything.
class AnsweringServer {
 public:
  AnsweringServer(int status, std::string body)
      : server_([status, body](const std::shared_ptr<http_server::PendingResponse>& pending) {
          pending->respond({status, "application/json", body, {}});
        }) {
    port_ = server_.serve("127.0.0.1", 0);
  }
  ~AnsweringServer() { server_.stop(); }
  [[nodiscard]] std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  http_server::HttpServer server_;
  int port_ = 0;
};

TEST(BotApiStatus, OtherErrorsAreNamedWithTheirStatusAndNeverCalledARefusedToken) {
  SystemClock clock;
  const AnsweringServer telegram(
      500, R"({"ok": false, "error_code": 500, "description": "Internal Server Error: restart"})");
  try {
    (void)HttpBotApi(telegram.url())
        .get_me(Secret(std::string(kToken)), Deadline::after(clock, 5s));
    FAIL() << "a 500 was accepted";
  } catch (const BotApiUnreachable& error) {
    FAIL() << "called unreachable: " << error.what();
  } catch (const BotTokenRefused& error) {
    FAIL() << "called a refused token: " << error.what();
  } catch (const BackendError& error) {
    EXPECT_NE(std::string(error.what())
                  .find("getMe: 500 Internal Server Error from the Bot API at " + telegram.url() +
                        ": Internal Server Error: restart"),
              std::string::npos)
        << error.what();
  }
  // A web server that is no Bot API says 404 for every path: that is no verdict on the token.
  const AnsweringServer website(404, "<html>Not Found</html>");
  try {
    (void)HttpBotApi(website.url()).get_me(Secret(std::string(kToken)), Deadline::after(clock, 5s));
    FAIL() << "an HTML 404 was accepted";
  } catch (const BotTokenRefused& error) {
    FAIL() << "called a refused token: " << error.what();
  } catch (const BackendError& error) {
    EXPECT_NE(std::string(error.what()).find("404 Not Found without a Bot API envelope"),
              std::string::npos)
        << error.what();
  }
}

TEST_F(BackendsAgainstTheFake, TheHttpUserDriverTalksAsAUserAndReadsTheBotsReplies) {
  HttpUserDriver user({telegram_.base_url(), 501, -100501, 9, "backends_bot"});
  const ChatMessage sent = user.send_as_user(user.designated_chat(), "hello from the user");
  EXPECT_FALSE(sent.from_bot);
  EXPECT_EQ(sent.where.topic_id, 9);
  // Nothing yet: the read blocks until its deadline and comes back empty.
  EXPECT_TRUE(
      user.bot_messages_after(-100501, sent.message_id, Deadline::after(clock_, 200ms)).empty());
  // The bot answers in the topic; the driver sees it.
  HttpRequest reply;
  reply.method = "POST";
  reply.url = telegram_.base_url() + "/bot" + std::string(kToken) + "/sendMessage";
  reply.headers = {{"Content-Type", "application/json"}};
  reply.body = R"({"chat_id": -100501, "message_thread_id": 9, "text": "echo"})";
  ASSERT_EQ(http_request(reply).status, 200);
  const auto replies =
      user.bot_messages_after(-100501, sent.message_id, Deadline::after(clock_, 5s));
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_TRUE(replies[0].from_bot);
  EXPECT_EQ(replies[0].from_id, 424242);
  EXPECT_EQ(replies[0].text, "echo");
  EXPECT_EQ(replies[0].where.topic_id, 9);
  EXPECT_EQ(user.conflicts_seen(), 0);
}

TEST_F(BackendsAgainstTheFake, TheHttpUserDriverSaysWhatWentWrong) {
  HttpUserDriver user({telegram_.base_url(), 999, -100501, 9, "backends_bot"});  // no such user
  EXPECT_THROW((void)user.send_as_user(user.designated_chat(), "x"), BackendError);
  HttpUserDriver nobody({"http://127.0.0.1:1", 501, -100501, 9, ""});
  EXPECT_THROW((void)nobody.send_as_user(nobody.designated_chat(), "x"), BackendError);
  EXPECT_EQ(nobody.conflicts_seen(), std::nullopt);
}

TEST_F(BackendsAgainstTheFake, TheHealthProbeReportsStatusOrWhyNothingAnswered) {
  HttpReadinessProbe probe(500ms);
  EXPECT_EQ(probe.health(telegram_.base_url() + "/no-such-page").status, 404);
  const HealthReading refused = probe.health("http://127.0.0.1:1/health");
  EXPECT_EQ(refused.status, 0);
  EXPECT_FALSE(refused.error.empty());
}

TEST(FsDeployerPorts, AllocatesDistinctPortsOnLoopback) {
  FsDeployer deployer;
  const auto first = deployer.allocate_port();
  const auto second = deployer.allocate_port();
  EXPECT_GT(first, 1023);
  EXPECT_NE(first, second);
}

}  // namespace
}  // namespace tas
