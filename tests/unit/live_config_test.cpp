// The live tier's configuration file (README, "The live tier"): what it must give, what it may,
// and a clear error naming the field for what is wrong — and the live tier's skip reasons.
#include <cstdlib>
#include <fstream>

#include "temp_dir.hpp"
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <tas/core/errors.hpp>
#include <tas/fixture/tier_setup.hpp>
#include <tas/tiers/live_config.hpp>

namespace tas {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class LiveConfigTest : public ::testing::Test {
 protected:
  fs::path write(const json& document) {
    const fs::path file = dir_ / "live.json";
    std::ofstream(file) << document.dump();
    return file;
  }
  // The UsageError's message for `document` ("" when it loads).
  std::string refusal(const json& document) {
    try {
      (void)load_live_config(write(document));
    } catch (const UsageError& error) {
      return error.what();
    }
    return {};
  }

  static json complete() {
    return {{"schema", "test-as-self/live@1"},
            {"bot_token", {{"drop_id", "drop-0123456789abcdef0123456789abcdef"}}},
            {"user_driver", {{"url", "http://127.0.0.1:8085"}, {"user_id", 7}, {"chat_id", -100}}}};
  }

  test::TempDir dir_{"tas-live-config"};
};

TEST_F(LiveConfigTest, ACompleteFileLoadsWithTheRealTelegramAsItsDefault) {
  json document = complete();
  document["user_driver"]["topic_id"] = 9;
  document["profile"] = "agent/profile.json";
  document["protected"] = {{"canonical_homes", {"/home/me/.agent"}}, {"names", {"bob"}}};
  const LiveConfig config = load_live_config(write(document));
  EXPECT_TRUE(config.missing().empty());
  EXPECT_EQ(config.telegram_api, "https://api.telegram.org");
  EXPECT_EQ(config.drop_id, "drop-0123456789abcdef0123456789abcdef");
  ASSERT_TRUE(config.user_driver);
  EXPECT_EQ(config.user_driver->topic_id, 9);
  EXPECT_EQ(config.profile, dir_ / "agent/profile.json") << "relative to the file's folder";
  EXPECT_EQ(config.canonical_homes, std::vector<fs::path>{"/home/me/.agent"});
  EXPECT_EQ(config.protected_names, std::vector<std::string>{"bob"});
  EXPECT_EQ(config.judge.mode, JudgeMode::off);
}

TEST_F(LiveConfigTest, MissingNamesEachThingTheTierNeeds) {
  const LiveConfig config = load_live_config(write({{"schema", "test-as-self/live@1"}}));
  const auto missing = config.missing();
  ASSERT_EQ(missing.size(), 2U);
  EXPECT_NE(missing[0].find("'bot_token.drop_id'"), std::string::npos);
  EXPECT_NE(missing[1].find("'user_driver'"), std::string::npos);
}

TEST_F(LiveConfigTest, AJudgeBlockIsReadWithItsPathsRelativeToTheFile) {
  json document = complete();
  document["judge"] = {{"mode", "veto"}, {"model", "small"}, {"api_key_file", "judge.key"}};
  const LiveConfig config = load_live_config(write(document));
  EXPECT_EQ(config.judge.mode, JudgeMode::veto);
  EXPECT_EQ(config.judge.llm.api_key_file, dir_ / "judge.key");
}

TEST_F(LiveConfigTest, WhatIsWrongIsRefusedNamingTheField) {
  json wrong_schema = complete();
  wrong_schema["schema"] = "live@0";
  EXPECT_NE(
      refusal(wrong_schema).find("/schema: expected \"test-as-self/live@1\", found \"live@0\""),
      std::string::npos);

  json bad_user = complete();
  bad_user["user_driver"]["chat_id"] = "the group";
  EXPECT_NE(refusal(bad_user).find("/user_driver/chat_id: expected an integer from -2^53 to 2^53 "
                                   "(Telegram's IDs fit in 53 bits), found a string"),
            std::string::npos);

  json bad_names = complete();
  bad_names["protected"] = {{"names", "bob"}};
  EXPECT_NE(
      refusal(bad_names).find("/protected/names: expected an array of strings, found a string"),
      std::string::npos);

  json bad_judge = complete();
  bad_judge["judge"] = {{"mode", "sometimes"}};
  EXPECT_NE(refusal(bad_judge).find("/judge/mode: expected \"off\", \"advisory\" or \"veto\", "
                                    "found \"sometimes\""),
            std::string::npos);

  EXPECT_NE(refusal(json::array()).find("a JSON object"), std::string::npos);
  EXPECT_TRUE(refusal(complete()).empty());
}

// Before: a misspelt "profle" was ignored, and the live tier ran the reference agent instead.
TEST_F(LiveConfigTest, AnUnknownFieldIsAnErrorNamingItAndTheKnownOnes) {
  json document = complete();
  document["profle"] = "agent/profile.json";
  EXPECT_NE(refusal(document).find("/profle: unknown field; the known ones there are bot_token, "
                                   "judge, profile, protected, schema, telegram_api and "
                                   "user_driver"),
            std::string::npos)
      << refusal(document);
  for (const char* block : {"bot_token", "user_driver", "protected"}) {
    document = complete();
    document[block]["extra"] = 1;
    EXPECT_NE(refusal(document).find(fmt::format("/{}/extra: unknown field", block)),
              std::string::npos)
        << refusal(document);
  }
  document = complete();
  document["judge"] = {{"mode", "off"}, {"modle", "x"}};
  EXPECT_NE(refusal(document).find("/judge/modle: unknown field"), std::string::npos)
      << refusal(document);
}

// What the schema lets the file leave out is a skip (MissingNamesEachThingTheTierNeeds); what
// it holds wrongly is an error, even in a block the tier would not use yet.
TEST_F(LiveConfigTest, HalfAnAgentHostedSecretDropIsAnErrorNotASkip) {
  json document = complete();
  document["bot_token"]["secret_drop_url"] = "http://127.0.0.1:9";
  EXPECT_NE(refusal(document).find("/bot_token/bearer_token_file: expected a non-empty string "
                                   "(it goes with /bot_token/secret_drop_url), found nothing"),
            std::string::npos)
      << refusal(document);
  document = complete();
  document["bot_token"]["bearer_token_file"] = "bearer";
  EXPECT_NE(refusal(document).find("/bot_token/secret_drop_url: expected"), std::string::npos)
      << refusal(document);
}

TEST_F(LiveConfigTest, ARawTokenInTheFileIsRefusedWithoutRepeatingIt) {
  json document = complete();
  document["bot_token"]["drop_id"] = "123456789:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
  const std::string message = refusal(document);
  EXPECT_NE(message.find("/bot_token/drop_id: expected a Secret Drop ID"), std::string::npos)
      << message;
  EXPECT_NE(message.find("found what looks like a raw Telegram bot token (not shown)"),
            std::string::npos)
      << message;
  EXPECT_EQ(message.find("AAAAAAAAAAAA"), std::string::npos) << message;
}

TEST_F(LiveConfigTest, AnUnreadableFileIsAUsageErrorNamingIt) {
  try {
    (void)load_live_config(dir_ / "nowhere.json");
    FAIL() << "no error";
  } catch (const UsageError& error) {
    EXPECT_NE(std::string(error.what()).find("nowhere.json"), std::string::npos);
  }
}

// The tier's SetUp skips, naming what is missing, and never passes vacuously.
class LiveTierSkip : public LiveConfigTest {
 protected:
  void TearDown() override { ::unsetenv("TAS_LIVE_CONFIG"); }
};

TEST_F(LiveTierSkip, WithoutAConfigurationTheReasonSaysHowToGiveOne) {
  ::unsetenv("TAS_LIVE_CONFIG");
  const auto setup = fixture::make_tier_setup(fixture::Tier::live, "LiveTierSkip.None");
  EXPECT_NE(setup.skip_reason.find("set TAS_LIVE_CONFIG"), std::string::npos) << setup.skip_reason;
  EXPECT_FALSE(setup.backends);
}

TEST_F(LiveTierSkip, AnIncompleteConfigurationNamesWhatItLacks) {
  json document = complete();
  document.erase("user_driver");
  ::setenv("TAS_LIVE_CONFIG", write(document).c_str(), 1);
  const auto setup = fixture::make_tier_setup(fixture::Tier::live, "LiveTierSkip.Incomplete");
  EXPECT_NE(setup.skip_reason.find("lacks 'user_driver'"), std::string::npos) << setup.skip_reason;
  EXPECT_EQ(setup.skip_reason.find("bot_token"), std::string::npos) << setup.skip_reason;
}

}  // namespace
}  // namespace tas
