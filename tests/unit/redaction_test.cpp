#include <gtest/gtest.h>

#include <tas/core/redaction.hpp>
#include <tas/core/secret.hpp>

namespace tas {
namespace {

TEST(Redaction, MasksARegisteredSecretEverywhereInALine) {
  Redactor redactor;
  redactor.add_secret(Secret("plain-secret-value"));
  EXPECT_EQ(redactor.redact("a plain-secret-value b plain-secret-value"),
            "a [REDACTED] b [REDACTED]");
}

TEST(Redaction, MasksATokenInABotApiUrlEvenWhenNobodyRegisteredIt) {
  const Redactor redactor;
  EXPECT_EQ(
      redactor.redact(
          "GET https://api.telegram.org/bot123456789:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/getMe "
          "failed"),
      "GET https://api.telegram.org/bot[REDACTED]/getMe failed");
}

TEST(Redaction, MasksEveryStringOfAJsonDocument) {
  Redactor redactor;
  redactor.add_secret_text("canary-value-xyz");
  const nlohmann::json document = {{"a", "x canary-value-xyz"},
                                   {"list", {"ghp_abcdefghijABCDEFGHIJ0123456789abcdef", 3}},
                                   {"nested", {{"canary-value-xyz", true}}}};
  const nlohmann::json redacted = redactor.redact_json(document);
  const std::string text = redacted.dump();
  EXPECT_EQ(text.find("canary-value-xyz"), std::string::npos) << text;
  EXPECT_EQ(text.find("ghp_"), std::string::npos) << text;
  EXPECT_EQ(redacted["list"][1], 3);
}

TEST(Redaction, LongerSecretsAreMaskedWhole) {
  Redactor redactor;
  redactor.add_secret_text("abc");
  redactor.add_secret_text("abcdef");
  EXPECT_EQ(redactor.redact("xabcdefx"), "x[REDACTED]x");
}

TEST(Redaction, SaysWhetherTextCarriesASecret) {
  Redactor redactor;
  redactor.add_secret_text("registered-one");
  EXPECT_TRUE(redactor.contains_secret("…registered-one…"));
  EXPECT_TRUE(redactor.contains_secret("xoxb-1234567890-abcdefghij"));
  EXPECT_FALSE(redactor.contains_secret("nothing here"));
}

TEST(Secret, IsWipedWhenMovedFrom) {
  Secret first("value-1");
  Secret second(std::move(first));
  EXPECT_TRUE(first.empty());  // NOLINT(bugprone-use-after-move): the point of the test
  EXPECT_EQ(second.reveal(), "value-1");
  EXPECT_EQ(second.sha256(), "eff9eb68b7eaa494bc421f36109b0c996249389c6926dd47c8ccd5bfb9067c3e");
}

}  // namespace
}  // namespace tas
