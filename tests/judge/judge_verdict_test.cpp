#include <string>

#include "passing_evidence.hpp"
#include <gtest/gtest.h>

#include <tas/judge/judge_verdict.hpp>

namespace tas {
namespace {

using Outcome = JudgeAnswer::Outcome;

TEST(JudgeVerdict, AStrictVerdictIsAnAnswer) {
  const JudgeAnswer stop =
      parse_judge_verdict(R"({"proceed": false, "reason": "a 409 in the log"})");
  EXPECT_EQ(stop.outcome, Outcome::answered);
  EXPECT_FALSE(stop.proceed);
  EXPECT_EQ(stop.reason, "a 409 in the log");

  const JudgeAnswer go = parse_judge_verdict("  \n{\"reason\": \"fine\", \"proceed\": true}\n\t");
  EXPECT_EQ(go.outcome, Outcome::answered);
  EXPECT_TRUE(go.proceed);
  EXPECT_EQ(go.reason, "fine");
}

TEST(JudgeVerdict, OtherMembersAreIgnored) {
  const JudgeAnswer answer =
      parse_judge_verdict(R"({"proceed": true, "reason": "ok", "confidence": 0.9})");
  EXPECT_EQ(answer.outcome, Outcome::answered);
}

TEST(JudgeVerdict, OneSurroundingFenceIsTolerated) {
  for (const std::string text : {"```json\n{\"proceed\": false, \"reason\": \"x\"}\n```",
                                 "```\n{\"proceed\": false, \"reason\": \"x\"}\n```",
                                 "\n```JSON\n  {\"proceed\": false, \"reason\": \"x\"}```  "}) {
    const JudgeAnswer answer = parse_judge_verdict(text);
    EXPECT_EQ(answer.outcome, Outcome::answered) << text << " → " << answer.reason;
    EXPECT_FALSE(answer.proceed);
  }
}

TEST(JudgeVerdict, AnythingElseIsGarbage) {
  for (const std::string text :
       {"", "   ", "Sure! {\"proceed\": true, \"reason\": \"ok\"}",
        "{\"proceed\": true, \"reason\": \"ok\"} Hope this helps", "[true, \"ok\"]", "true",
        "{\"proceed\": \"yes\", \"reason\": \"ok\"}", "{\"reason\": \"ok\"}",
        "{\"proceed\": true, \"reason\": 5}",
        "```python\n{\"proceed\": true, \"reason\": \"ok\"}\n```",
        "```json\n{\"proceed\": true, \"reason\": \"ok\"}\n```\n```json\n{}\n```",
        "{\"proceed\": true, \"reason\": \"ok\""}) {
    const JudgeAnswer answer = parse_judge_verdict(text);
    EXPECT_EQ(answer.outcome, Outcome::garbage) << "«" << text << "»";
    EXPECT_NE(answer.reason.find("not the verdict"), std::string::npos) << answer.reason;
  }
}

TEST(JudgeVerdict, GarbageQuotesAShortRedactedExcerpt) {
  const std::string text = "I cannot judge this. The token " + test::kCanaryToken +
                           " looks wrong.\n" + std::string(5000, 'z');
  const JudgeAnswer answer = parse_judge_verdict(text);
  EXPECT_EQ(answer.outcome, Outcome::garbage);
  EXPECT_NE(answer.reason.find("I cannot judge this."), std::string::npos) << answer.reason;
  EXPECT_EQ(answer.reason.find(test::kCanaryToken), std::string::npos) << answer.reason;
  EXPECT_LT(answer.reason.size(), 400u);
  EXPECT_EQ(answer.reason.find('\n'), std::string::npos) << "one line";
}

TEST(JudgeVerdict, AVerdictWithoutAReasonIsNoReason) {
  for (const std::string text :
       {"{\"proceed\": false}", "{\"proceed\": false, \"reason\": \"\"}",
        "{\"proceed\": false, \"reason\": \"   \"}", "{\"proceed\": false, \"reason\": null}"}) {
    const JudgeAnswer answer = parse_judge_verdict(text);
    EXPECT_EQ(answer.outcome, Outcome::no_reason) << text;
    EXPECT_FALSE(answer.answered());
    EXPECT_NE(answer.reason.find("without a reason"), std::string::npos) << answer.reason;
  }
}

}  // namespace
}  // namespace tas
