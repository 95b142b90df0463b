#include <string>

#include "text.hpp"
#include <gtest/gtest.h>

#include <tas/core/errors.hpp>
#include <tas/judge/llm_judge.hpp>

namespace tas {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

const std::filesystem::path kBase = "/etc/tas-live";
constexpr std::string_view kSource = "live.json#/judge";

json full_block() {
  return {{"mode", "veto"},
          {"protocol", "openai"},
          {"endpoint", "http://127.0.0.1:9/v1/chat/completions"},
          {"model", "gpt-small"},
          {"api_key_file", "/run/keys/judge"},
          {"timeout_s", 2.5},
          {"max_tokens", 200}};
}

// The message of the UsageError the block raises ("" when it raises none).
std::string refusal(const json& block) {
  try {
    (void)parse_judge_settings(block, kBase, kSource);
  } catch (const UsageError& error) {
    EXPECT_EQ(error.exit_code(), 64);
    return error.what();
  }
  return "";
}

TEST(JudgeConfig, ReadsEveryField) {
  const JudgeSettings settings = parse_judge_settings(full_block(), kBase, kSource);
  EXPECT_EQ(settings.mode, JudgeMode::veto);
  EXPECT_EQ(settings.llm.protocol, LlmJudgeConfig::Protocol::openai);
  EXPECT_EQ(settings.llm.endpoint, "http://127.0.0.1:9/v1/chat/completions");
  EXPECT_EQ(settings.llm.model, "gpt-small");
  EXPECT_EQ(settings.llm.api_key_file, "/run/keys/judge");
  EXPECT_EQ(settings.llm.timeout, 2500ms);
  EXPECT_EQ(settings.llm.max_tokens, 200);
  EXPECT_EQ(settings.to_json()["mode"], "veto");
  EXPECT_EQ(settings.to_json()["timeout_s"], 2.5);
}

TEST(JudgeConfig, DefaultsToAnthropicAndItsEndpoint) {
  const JudgeSettings settings = parse_judge_settings(
      {{"mode", "advisory"}, {"model", "claude-small"}, {"api_key_file", "keys/judge"}}, kBase,
      kSource);
  EXPECT_EQ(settings.mode, JudgeMode::advisory);
  EXPECT_EQ(settings.llm.protocol, LlmJudgeConfig::Protocol::anthropic);
  EXPECT_EQ(settings.llm.endpoint, "https://api.anthropic.com/v1/messages");
  EXPECT_EQ(settings.llm.api_key_file, kBase / "keys/judge") << "relative to the config's folder";
  EXPECT_EQ(settings.llm.timeout, 20s);
  EXPECT_EQ(settings.llm.max_tokens, 300);
}

TEST(JudgeConfig, OpenAiHasItsOwnDefaultEndpoint) {
  const LlmJudgeConfig config = parse_judge_config(
      {{"mode", "advisory"}, {"protocol", "openai"}, {"model", "m"}, {"api_key_file", "/k"}}, kBase,
      kSource);
  EXPECT_EQ(config.endpoint, "https://api.openai.com/v1/chat/completions");
}

TEST(JudgeConfig, OffNeedsNothingElse) {
  const JudgeSettings settings = parse_judge_settings({{"mode", "off"}}, kBase, kSource);
  EXPECT_EQ(settings.mode, JudgeMode::off);
}

struct Malformed {
  std::string name;
  json block;
  std::string field;     // the field the message must name
  std::string expected;  // and a part of what it says was expected
};

void PrintTo(const Malformed& malformed, std::ostream* out) {
  *out << malformed.block.dump();
}

class JudgeConfigMalformed : public ::testing::TestWithParam<Malformed> {};

TEST_P(JudgeConfigMalformed, IsAUsageErrorNamingTheField) {
  const std::string message = refusal(GetParam().block);
  ASSERT_FALSE(message.empty()) << "accepted " << GetParam().block.dump();
  EXPECT_TRUE(test::contains(message, std::string(kSource))) << message;
  EXPECT_TRUE(test::contains(message, ": /" + GetParam().field + ": ")) << message;
  EXPECT_TRUE(test::contains(message, GetParam().expected)) << message;
}

json with(std::string_view field, json value) {
  json block = full_block();
  block[std::string(field)] = std::move(value);
  return block;
}

json without(std::string_view field) {
  json block = full_block();
  block.erase(std::string(field));
  return block;
}

INSTANTIATE_TEST_SUITE_P(
    EachField, JudgeConfigMalformed,
    ::testing::Values(
        Malformed{"ModeMissing", without("mode"), "mode", "\"off\", \"advisory\" or \"veto\""},
        Malformed{"ModeUnknown", with("mode", "maybe"), "mode", "found \"maybe\""},
        Malformed{"ModeNotAString", with("mode", true), "mode", "found a boolean"},
        Malformed{"ProtocolUnknown", with("protocol", "gemini"), "protocol",
                  "\"anthropic\" or \"openai\""},
        Malformed{"EndpointNotHttp", with("endpoint", "ftp://x"), "endpoint", "http"},
        Malformed{"EndpointEmpty", with("endpoint", ""), "endpoint", "an http:// or https:// URL"},
        Malformed{"ModelMissing", without("model"), "model", "found nothing"},
        Malformed{"ModelNotAString", with("model", 4), "model", "an integer"},
        Malformed{"KeyFileMissing", without("api_key_file"), "api_key_file", "0600 file"},
        Malformed{"TimeoutAString", with("timeout_s", "20"), "timeout_s", "a number"},
        Malformed{"TimeoutZero", with("timeout_s", 0), "timeout_s", "more than 0"},
        Malformed{"TimeoutHuge", with("timeout_s", 9999), "timeout_s", "at most 300"},
        Malformed{"MaxTokensFraction", with("max_tokens", 2.5), "max_tokens", "an integer"},
        Malformed{"MaxTokensTiny", with("max_tokens", 1), "max_tokens", "16 to 4096"},
        Malformed{"UnknownField", with("modle", "x"), "modle", "known ones"}),
    [](const ::testing::TestParamInfo<Malformed>& param) { return param.param.name; });

TEST(JudgeConfig, ABlockThatIsNotAnObjectIsRefused) {
  const std::string message = refusal(json::array({"veto"}));
  EXPECT_TRUE(test::contains(message, "expected a JSON object")) << message;
}

TEST(JudgeConfig, ARawKeyAnywhereIsRefusedWithoutRepeatingIt) {
  const std::string key = "sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123";
  for (const std::string field : {"api_key_file", "endpoint", "model", "api_key"}) {
    const std::string message =
        refusal(with(field, field == "endpoint" ? "https://x.example/v1?key=" + key : key));
    ASSERT_FALSE(message.empty()) << field;
    EXPECT_FALSE(test::contains(message, key)) << message;
    EXPECT_FALSE(test::contains(message, "abcdefghij")) << message;
    EXPECT_TRUE(test::contains(message, "raw OpenAI/Anthropic API key")) << message;
    EXPECT_TRUE(test::contains(message, "api_key_file")) << "says where a key belongs: " << message;
  }
  const std::string telegram = "123456:AAbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
  const std::string message = refusal(with("model", telegram));
  EXPECT_TRUE(test::contains(message, "'model'")) << message;
  EXPECT_FALSE(test::contains(message, telegram)) << message;
}

}  // namespace
}  // namespace tas
