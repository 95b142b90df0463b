// --no-roundtrip on the real binary against the reference agent, in both of its modes: without a
// bot (nothing to poll, so no lifeline, lease or demotion proof, and no line only a bot writes is
// asked for) and with --bot-token (the bot is deployed and proven; only the round-trip is skipped).
#include "cli_process.hpp"
#include "files.hpp"
#include "processes.hpp"
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <tas/engine/report.hpp>

namespace tas::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class CliNoRoundtrip : public CliRunTest {
 protected:
  json report_of(const CliResult& result) {
    const fs::path report = report_beside();
    EXPECT_TRUE(is_report_file(report)) << result.out << result.err;
    if (!is_report_file(report)) return json::object();
    return read_json(report);
  }
  static bool started_a(const json& start_evidence, const std::string& role) {
    for (const json& child : start_evidence.value("processes", json::array())) {
      if (child.value("role", std::string()) == role) return true;
    }
    return false;
  }
};

TEST_F(CliNoRoundtrip, WithoutABotPassesWithStepOneSkippedAndNoLifeline) {
  const CliResult result =
      sandbox_.run({"--no-roundtrip", "--target", target().string(), "--timeout-s", "120"});
  ASSERT_EQ(result.code(), 0) << result.out << result.err;
  EXPECT_NE(result.out.find("– [1/7]"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("– [5/7]"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("VERDICT: PASS"), std::string::npos) << result.out;

  const json written = report_of(result);
  ASSERT_FALSE(written.empty());
  EXPECT_EQ(written["verdict"], "pass");
  EXPECT_EQ(written["steps"][0]["status"], "skipped");
  EXPECT_NE(written["steps"][0]["detail"].get<std::string>().find("without --bot-token"),
            std::string::npos)
      << written["steps"][0].dump(2);
  const json& start = written["steps"][3]["evidence"];
  EXPECT_FALSE(started_a(start, "lifeline")) << start.dump(2);
  EXPECT_FALSE(started_a(start, "server-demotion-probe")) << start.dump(2);
  EXPECT_EQ(start["lease"]["required"], false);
  EXPECT_EQ(start["demotion_probe"]["exercised"], false);
  EXPECT_EQ(written["steps"][4]["status"], "skipped");
  EXPECT_EQ(written["steps"][5]["status"], "passed") << written["steps"][5].dump(2);
  EXPECT_TRUE(left_running().empty());
}

TEST_F(CliNoRoundtrip, WithABotTokenDeploysTheBotProvesLeaseAndDemotionAndSkipsOnlyStepFive) {
  const CliResult result = sandbox_.run({"--no-roundtrip", "--bot-token", sandbox_.put_bot_token(),
                                         "--target", target().string(), "--timeout-s", "120"});
  ASSERT_EQ(result.code(), 0) << result.out << result.err;
  EXPECT_NE(result.out.find("✓ [1/7]"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("– [5/7]"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("demotion proven"), std::string::npos) << result.out;

  const json written = report_of(result);
  ASSERT_FALSE(written.empty());
  EXPECT_EQ(written["verdict"], "pass");
  EXPECT_EQ(written["steps"][0]["status"], "passed");
  const json& start = written["steps"][3]["evidence"];
  EXPECT_TRUE(started_a(start, "lifeline")) << start.dump(2);
  EXPECT_EQ(start["lease"]["required"], true);
  EXPECT_EQ(start["lease"]["decision"], "owned") << start.dump(2);
  EXPECT_EQ(start["demotion_probe"]["exercised"], true);
  EXPECT_EQ(start["demotion_probe"]["line_seen"], true);
  EXPECT_EQ(written["steps"][4]["status"], "skipped");
  EXPECT_EQ(written["steps"][5]["status"], "passed") << written["steps"][5].dump(2);
  EXPECT_TRUE(left_running().empty());
}

}  // namespace
}  // namespace tas::test
