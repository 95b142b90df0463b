// Crashes the real binary must not pass: an agent process that dies of a signal of its own while
// teardown stops it (a shutdown path that aborts) fails the run at teardown, naming the signal.
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

class CliCrash : public CliRunTest {};

TEST_F(CliCrash, ALifelineThatAbortsWhenTeardownStopsItFailsTheRunAtTeardown) {
  const CliResult result =
      sandbox_.run(faulted_run({{"crashOnSigterm", {{"process", "lifeline"}, {"kind", "abort"}}}},
                               sandbox_.put_bot_token(), 120));
  EXPECT_EQ(result.code(), 7) << result.out << result.err;
  EXPECT_EQ(result.out.find("VERDICT: PASS"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("VERDICT: FAIL (step 7"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("killed by SIGABRT"), std::string::npos) << result.out;
  for (int step = 1; step <= 6; ++step) {
    EXPECT_NE(result.out.find("✓ [" + std::to_string(step) + "/7]"), std::string::npos)
        << result.out;
  }
  // Teardown still did all of its work.
  EXPECT_FALSE(fs::exists(target()));
  EXPECT_TRUE(left_running().empty());
  ASSERT_TRUE(is_report_file(report_beside())) << result.out;
  const json written = read_json(report_beside());
  EXPECT_EQ(written["exit_code"], 7);
  EXPECT_NE(written["steps"][6]["detail"].get<std::string>().find("lifeline"), std::string::npos)
      << written["steps"][6].dump(2);
}

}  // namespace
}  // namespace tas::test
