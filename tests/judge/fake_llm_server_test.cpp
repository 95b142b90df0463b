#include <chrono>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include <tas/backends/http_client.hpp>
#include <tas/fake/fake_llm_server.hpp>

namespace tas {
namespace {

using fake::FakeLlmBehaviour;
using fake::FakeLlmServer;
using nlohmann::json;
using namespace std::chrono_literals;

HttpResponse post(const std::string& url, std::vector<std::pair<std::string, std::string>> headers,
                  const json& body) {
  HttpRequest request;
  request.method = "POST";
  request.url = url;
  request.headers = std::move(headers);
  request.headers.emplace_back("content-type", "application/json");
  request.body = body.dump();
  request.timeout = 10s;
  return http_request(request);
}

json messages_body(const std::string& prompt) {
  return {
      {"model", "m"}, {"max_tokens", 100}, {"messages", {{{"role", "user"}, {"content", prompt}}}}};
}

TEST(FakeLlmServer, AnswersInTheAnthropicShape) {
  FakeLlmServer llm({.api_key = "k1"});
  llm.script("round-trip", FakeLlmBehaviour::verdict(false, "no reply"));
  llm.start();
  const HttpResponse response =
      post(llm.anthropic_endpoint(), {{"x-api-key", "k1"}, {"anthropic-version", "2023-06-01"}},
           messages_body("Step: 5 round-trip\n…"));
  ASSERT_EQ(response.status, 200) << response.body;
  const json body = json::parse(response.body);
  EXPECT_EQ(body["type"], "message");
  EXPECT_EQ(body["role"], "assistant");
  EXPECT_EQ(body["stop_reason"], "end_turn");
  EXPECT_TRUE(body["usage"].contains("input_tokens"));
  ASSERT_EQ(body["content"][0]["type"], "text");
  EXPECT_EQ(json::parse(body["content"][0]["text"].get<std::string>()),
            json({{"proceed", false}, {"reason", "no reply"}}));
  EXPECT_EQ(llm.requests().at(0).step, "round-trip");
  EXPECT_EQ(llm.requests().at(0).status, 200);
}

TEST(FakeLlmServer, AnswersInTheOpenAiShape) {
  FakeLlmServer llm({.api_key = "k1"});
  llm.start();
  const HttpResponse response = post(
      llm.openai_endpoint(), {{"Authorization", "Bearer k1"}},
      {{"model", "m"}, {"messages", {{{"role", "user"}, {"content", "Step: 2 target-prep"}}}}});
  ASSERT_EQ(response.status, 200) << response.body;
  const json body = json::parse(response.body);
  EXPECT_EQ(body["object"], "chat.completion");
  EXPECT_EQ(body["choices"][0]["finish_reason"], "stop");
  EXPECT_EQ(body["choices"][0]["message"]["role"], "assistant");
  EXPECT_EQ(json::parse(body["choices"][0]["message"]["content"].get<std::string>()),
            json({{"proceed", true}, {"reason", "looks fine"}}));
  EXPECT_TRUE(body["usage"].contains("total_tokens"));
}

TEST(FakeLlmServer, RefusesAWrongKeyAndAMissingVersionInTheProvidersErrorShapes) {
  FakeLlmServer llm({.api_key = "k1"});
  llm.start();
  const HttpResponse anthropic =
      post(llm.anthropic_endpoint(), {{"x-api-key", "nope"}, {"anthropic-version", "2023-06-01"}},
           messages_body("Step: 4 start"));
  EXPECT_EQ(anthropic.status, 401);
  EXPECT_EQ(
      json::parse(anthropic.body),
      json({{"type", "error"},
            {"error", {{"type", "authentication_error"}, {"message", "invalid x-api-key"}}}}));

  const HttpResponse no_version =
      post(llm.anthropic_endpoint(), {{"x-api-key", "k1"}}, messages_body("Step: 4 start"));
  EXPECT_EQ(no_version.status, 400);
  EXPECT_EQ(json::parse(no_version.body)["error"]["type"], "invalid_request_error");

  const HttpResponse openai = post(llm.openai_endpoint(), {{"Authorization", "Bearer nope"}},
                                   messages_body("Step: 4 start"));
  EXPECT_EQ(openai.status, 401);
  EXPECT_EQ(json::parse(openai.body)["error"]["code"], "invalid_api_key");
  EXPECT_EQ(llm.calls(), 3u);
}

TEST(FakeLlmServer, RefusesABodyWithoutTheProtocolsFields) {
  FakeLlmServer llm;
  llm.start();
  const HttpResponse response =
      post(llm.anthropic_endpoint(), {{"x-api-key", "any"}, {"anthropic-version", "2023-06-01"}},
           {{"model", "m"}, {"messages", json::array()}});
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(json::parse(response.body)["error"]["type"], "invalid_request_error");
}

TEST(FakeLlmServer, StopEndsADelayedAnswerPromptly) {
  FakeLlmServer llm;
  llm.script_default(FakeLlmBehaviour{}.after(60s));
  llm.start();
  HttpResponse response;
  std::thread client([&] {
    response = post(llm.openai_endpoint(), {{"Authorization", "Bearer any"}},
                    messages_body("Step: 1 bot-acquire"));
  });
  ASSERT_TRUE(llm.wait_for_calls(1, 10s));
  const auto stopping = std::chrono::steady_clock::now();
  llm.stop();
  client.join();
  EXPECT_LT(std::chrono::steady_clock::now() - stopping, 2s);
  EXPECT_EQ(response.status, 503);
}

TEST(FakeLlmServer, StopsAtOnceBeforeOrRightAfterStartAndTwice) {
  FakeLlmServer never_started;
  never_started.stop();
  FakeLlmServer llm;
  llm.start();
  llm.stop();
  llm.stop();
  EXPECT_THROW(llm.start(), std::runtime_error);
}

TEST(FakeLlmServer, LoadsAScriptAndRefusesABadOneWhole) {
  FakeLlmServer llm;
  llm.load_script({{"verify", {{"status", 503}}}, {"default", {{"raw", "hi"}, {"delay_ms", 1}}}});
  EXPECT_THROW(llm.load_script({{"start", {{"status", "x"}}}}), std::invalid_argument);
  EXPECT_THROW(llm.load_script({{"start", {{"delay_ms", -1}}}}), std::invalid_argument);
  EXPECT_THROW(llm.load_script(json::array()), std::invalid_argument);
  llm.start();
  const HttpResponse verify = post(llm.openai_endpoint(), {{"Authorization", "Bearer any"}},
                                   messages_body("Step: 6 verify"));
  EXPECT_EQ(verify.status, 503);
  EXPECT_EQ(json::parse(verify.body)["error"]["type"], "server_error");
  const HttpResponse other = post(llm.openai_endpoint(), {{"Authorization", "Bearer any"}},
                                  messages_body("Step: 7 teardown"));
  EXPECT_EQ(json::parse(other.body)["choices"][0]["message"]["content"], "hi");
}

}  // namespace
}  // namespace tas
