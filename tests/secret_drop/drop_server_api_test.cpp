// The retrieval API of the Secret Drop server, over real HTTP on loopback (integration tier).
#include "drop_test_support.hpp"
#include "files.hpp"
#include "temp_dir.hpp"
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <tas/secret_drop/drop_id.hpp>
#include <tas/secret_drop/drop_server.hpp>

namespace tas::secret_drop {
namespace {

using test::Page;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr std::string_view kToken = "api-bearer-token-4f1c9d";
constexpr std::string_view kValue = "api-s3cr3t-value";

class DropServerApi : public ::testing::Test {
 protected:
  void SetUp() override {
    test::write_file(token_file_, std::string(kToken) + "\n", 0600);
    server_.start();
  }

  Page api_get(const std::string& id, std::string_view bearer = kToken) {
    httplib::Headers headers;
    if (!bearer.empty()) headers.emplace("Authorization", "Bearer " + std::string(bearer));
    return test::get_page(server_.base_url() + "/api/drops/" + id, headers);
  }

  Page api_request(const std::string& body, std::string_view bearer = kToken) {
    httplib::Headers headers;
    if (!bearer.empty()) headers.emplace("Authorization", "Bearer " + std::string(bearer));
    return test::send("POST", server_.base_url() + "/api/requests", body, "application/json",
                      headers);
  }

  test::TempDir dir_{"tas-drop-api"};
  std::filesystem::path token_file_ = dir_ / "api-token";
  SecretStore store_{dir_ / "store"};
  DropServer server_{store_, test::server_options(token_file_)};
};

TEST_F(DropServerApi, ADropIsReturnedWithTheRightBearer) {
  const std::string id = store_.put("bot token", value_field(Secret(std::string(kValue))));
  const Page page = api_get(id);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_THAT(page.header("Content-Type"), HasSubstr("application/json"));
  test::expect_security_headers(page, "API 200");
  const auto body = nlohmann::json::parse(page.body);
  EXPECT_EQ(body, nlohmann::json({{"id", id},
                                  {"label", "bot token"},
                                  {"fields", {{"value", std::string(kValue)}}}}));
}

TEST_F(DropServerApi, WithoutOrWithAWrongBearerIs401) {
  const std::string id = store_.put("bot token", value_field(Secret(std::string(kValue))));
  const httplib::Headers basic{{"Authorization", "Basic dXNlcjpwYXNz"}};
  for (const Page& page : {api_get(id, ""), api_get(id, "wrong-token"),
                           api_get(id, std::string(kToken) + "x"), api_get(id, kToken.substr(1)),
                           test::get_page(server_.base_url() + "/api/drops/" + id, basic)}) {
    EXPECT_EQ(page.status, 401);
    EXPECT_THAT(page.body, Not(HasSubstr(kValue)));
    EXPECT_THAT(page.body, Not(HasSubstr(kToken)));
    EXPECT_THAT(page.header("WWW-Authenticate"), HasSubstr("Bearer"));
    test::expect_security_headers(page, "API 401");
  }
  // The scheme's name is case-insensitive (RFC 7235).
  httplib::Headers lower{{"Authorization", "bearer " + std::string(kToken)}};
  EXPECT_EQ(test::get_page(server_.base_url() + "/api/drops/" + id, lower).status, 200);
}

TEST_F(DropServerApi, UnknownOrMalformedIdsAre404) {
  EXPECT_EQ(api_get(new_drop_id()).status, 404);
  EXPECT_EQ(api_get("not-an-id").status, 404);
  // Authentication comes first: an unknown ID does not tell a stranger anything either.
  EXPECT_EQ(api_get(new_drop_id(), "wrong").status, 401);
}

TEST_F(DropServerApi, AnOpenLinkIs404PendingUntilSubmittedThen200) {
  const DropLink link = server_.open_request("bot token");
  const Page pending = api_get(link.id);
  EXPECT_EQ(pending.status, 404);
  EXPECT_EQ(nlohmann::json::parse(pending.body)["pending"], true);
  ASSERT_EQ(test::submit_form(link.url, std::string(kValue)).status, 200);
  const Page done = api_get(link.id);
  ASSERT_EQ(done.status, 200);
  EXPECT_EQ(nlohmann::json::parse(done.body)["fields"]["value"], kValue);
}

TEST_F(DropServerApi, PostRequestsOpensAOneTimeLink) {
  const Page created = api_request(R"({"label": "agent's bot token"})");
  ASSERT_EQ(created.status, 201) << created.body;
  test::expect_security_headers(created, "API 201");
  const auto body = nlohmann::json::parse(created.body);
  const std::string id = body["id"];
  const std::string url = body["url"];
  EXPECT_TRUE(is_drop_id(id));
  EXPECT_EQ(url, server_.base_url() + "/drop/" + id);
  const Page form = test::get_page(url);
  EXPECT_EQ(form.status, 200);
  EXPECT_THAT(form.body, HasSubstr("agent&#39;s bot token"));
  EXPECT_EQ(server_.wait_for_submission(id, std::chrono::milliseconds(0)),
            SubmissionWait::timed_out);
}

TEST_F(DropServerApi, PostRequestsRefusesBadBodiesAndStrangers) {
  EXPECT_EQ(api_request(R"({"label": "x"})", "wrong").status, 401);
  EXPECT_EQ(api_request(R"({"label": "x"})", "").status, 401);
  EXPECT_EQ(api_request("not json").status, 400);
  EXPECT_EQ(api_request(R"({"name": "x"})").status, 400);
  EXPECT_EQ(api_request(R"({"label": 7})").status, 400);
  EXPECT_EQ(api_request(R"({"label": ""})").status, 400);
  const Page secret_label =
      api_request(R"({"label": "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"})");
  EXPECT_EQ(secret_label.status, 400);
  EXPECT_THAT(secret_label.body, Not(HasSubstr("AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw")));
  EXPECT_EQ(test::send("GET", server_.base_url() + "/api/requests").status, 405);
  EXPECT_EQ(test::send("PUT", server_.base_url() + "/api/drops/" + new_drop_id()).status, 405);
}

TEST_F(DropServerApi, AnUnsafeStoreFileIs500WithoutTheValue) {
  const std::string id = store_.put("bot token", value_field(Secret(std::string(kValue))));
  ASSERT_EQ(::chmod(store_.file_of(id).c_str(), 0644), 0);
  const Page page = api_get(id);
  EXPECT_EQ(page.status, 500);
  EXPECT_THAT(page.body, HasSubstr("chmod 600"));
  EXPECT_THAT(page.body, Not(HasSubstr(kValue)));
}

TEST(DropServerApiToken, AFileThatOthersMayReadIsRefusedAtStart) {
  test::TempDir dir{"tas-drop-api-token"};
  const auto token_file = dir / "api-token";
  test::write_file(token_file, kToken, 0644);
  DropServer server{SecretStore(dir / "store"), test::server_options(token_file)};
  try {
    server.start();
    FAIL() << "expected a DropServerError";
  } catch (const DropServerError& error) {
    EXPECT_THAT(error.what(), HasSubstr(token_file.string()));
    EXPECT_THAT(error.what(), HasSubstr("0644"));
    EXPECT_THAT(error.what(), HasSubstr("chmod 600"));
    EXPECT_THAT(error.what(), Not(HasSubstr(kToken)));
  }
}

TEST(DropServerApiToken, AMissingOrEmptyFileIsRefusedAtStart) {
  test::TempDir dir{"tas-drop-api-token"};
  const auto token_file = dir / "api-token";
  DropServer missing{SecretStore(dir / "store"), test::server_options(token_file)};
  EXPECT_THROW(missing.start(), DropServerError);
  test::write_file(token_file, "\n", 0600);
  DropServer empty{SecretStore(dir / "store"), test::server_options(token_file)};
  EXPECT_THROW(empty.start(), DropServerError);
}

}  // namespace
}  // namespace tas::secret_drop
