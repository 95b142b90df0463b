#include <gtest/gtest.h>

#include <tas/core/argv_guard.hpp>
#include <tas/core/errors.hpp>

namespace tas {
namespace {

constexpr std::string_view kToken = "123456789:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

std::string refusal(std::vector<std::string> args) {
  args.insert(args.begin(), "test-as-self");
  try {
    refuse_raw_secrets_in_argv(args);
  } catch (const RawSecretRefused& error) {
    EXPECT_EQ(error.exit_code(), 12);
    return error.what();
  }
  ADD_FAILURE() << "accepted";
  return {};
}

// No run of 6 characters of the token's secret part may appear in a message.
void expect_no_part_of_token(const std::string& message) {
  const std::string_view secret = kToken.substr(kToken.find(':') + 1);
  for (std::size_t at = 0; at + 6 <= secret.size(); ++at) {
    ASSERT_EQ(message.find(secret.substr(at, 6)), std::string::npos) << message;
  }
  EXPECT_EQ(message.find("123456789"), std::string::npos) << message;
}

TEST(ArgvGuard, ARawTokenAsBotTokenIsRefusedWithoutBeingEchoed) {
  const std::string message = refusal({"--bot-token", std::string(kToken), "--no-roundtrip"});
  EXPECT_NE(message.find("--bot-token"), std::string::npos);
  EXPECT_NE(message.find("Secret Drop ID"), std::string::npos);
  expect_no_part_of_token(message);
  expect_no_part_of_token(refusal({"--bot-token=" + std::string(kToken)}));
}

TEST(ArgvGuard, RawSecretsAnywhereElseAreRefusedToo) {
  EXPECT_NE(refusal({"--target", "/tmp/x", "--profile", std::string(kToken)})
                .find("the value of --profile"),
            std::string::npos);
  EXPECT_NE(
      refusal({"--report-json=/tmp/bot" + std::string(kToken)}).find("the value of --report-json"),
      std::string::npos);
  EXPECT_NE(refusal({"stray", "ghp_abcdefghijABCDEFGHIJ0123456789abcdef"}).find("GitHub token"),
            std::string::npos);
  EXPECT_NE(refusal({"xoxb-1234567890-abcdefghij"}).find("argument 1"), std::string::npos);
  EXPECT_NE(refusal({"--x", "sk-ant-api03-abcdefghijklmnopqrstuvwxyz"}).find("OpenAI/Anthropic"),
            std::string::npos);
  expect_no_part_of_token(refusal({"--timeout-s", std::string(kToken)}));
}

TEST(ArgvGuard, ADropIdAndOrdinaryArgumentsPass) {
  const std::vector<std::string> args = {"test-as-self", "--bot-token", "drop-3f9a2c7e",
                                         "--target",     "/tmp/run",    "--timeout-s",
                                         "60",           "--keep"};
  EXPECT_NO_THROW(refuse_raw_secrets_in_argv(args));
}

}  // namespace
}  // namespace tas
