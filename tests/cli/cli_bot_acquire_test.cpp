// Step 1 through the real binary (docs/steps.md, '1 bot-acquire'): a token handed over by drop ID,
// a token asked for through the one-time web form and submitted as a browser would, and the ways
// both go wrong.
#include "cli_process.hpp"
#include "drop_test_support.hpp"
#include "files.hpp"
#include "processes.hpp"
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>

#include <tas/engine/report.hpp>
#include <tas/fake/random_bot_token.hpp>
#include <tas/secret_drop/secret_store.hpp>

namespace tas::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class CliBotAcquire : public CliRunTest {
 protected:
  fs::path report() const { return report_beside(); }
};

TEST_F(CliBotAcquire, WithoutABotTokenItAsksThroughTheOneTimeFormAndKeepsTheTokenForNextTime) {
  sandbox_.start({"--target", target().string(), "--timeout-s", "120"});
  ASSERT_TRUE(sandbox_.wait_for_output("/drop/", std::chrono::seconds(30))) << sandbox_.output();
  const std::string link = drop_url_in(sandbox_.output());
  ASSERT_FALSE(link.empty()) << sandbox_.output();
  EXPECT_NE(sandbox_.output().find("Test-as-Self bot token (one-time)"), std::string::npos);

  const Page submitted = submit_form(link, fake::random_bot_token(7500000001));
  EXPECT_EQ(submitted.status, 200) << submitted.body;
  const CliResult result = sandbox_.finish(std::chrono::seconds(120));
  EXPECT_EQ(result.code(), 0) << result.out << result.err;
  EXPECT_NE(result.out.find("✓ [1/7] bot-acquire"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("use --bot-token " + id_of(link) + " next time"), std::string::npos)
      << result.out;
  const json written = read_json(report());
  EXPECT_EQ(written["steps"][0]["evidence"]["how"], "requested");
  EXPECT_EQ(written["verdict"], "pass");

  // The drop the form filled serves a second run by its ID.
  fs::rename(report(), sandbox_.work() / "first-run.json");
  const CliResult again = sandbox_.run(
      {"--bot-token", id_of(link), "--target", target().string(), "--timeout-s", "120"});
  EXPECT_EQ(again.code(), 0) << again.out << again.err;
  EXPECT_NE(again.out.find("token retrieved"), std::string::npos) << again.out;
}

TEST_F(CliBotAcquire, AnUnknownDropIdFailsStepOneAndCreatesNoHome) {
  const std::string unknown = "drop-0123456789abcdef0123456789abcdef";
  const CliResult result =
      sandbox_.run({"--bot-token", unknown, "--target", target().string(), "--timeout-s", "60"});
  EXPECT_EQ(result.code(), 1) << result.out << result.err;
  EXPECT_NE(result.out.find("✗ [1/7] bot-acquire"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find(unknown), std::string::npos) << "the error names the ID it looked for";
  EXPECT_NE(result.out.find("· [2/7] target-prep  not run"), std::string::npos) << result.out;
  EXPECT_FALSE(fs::exists(target()));
  ASSERT_TRUE(is_report_file(report())) << result.out;
  EXPECT_EQ(read_json(report())["failing_step"]["number"], 1);
}

TEST_F(CliBotAcquire, AStoreFileOthersCanReadIsRefusedWithoutReadingIt) {
  const std::string id = sandbox_.put_bot_token();
  ::chmod(secret_drop::SecretStore(sandbox_.store()).file_of(id).c_str(), 0644);
  const CliResult result =
      sandbox_.run({"--bot-token", id, "--target", target().string(), "--timeout-s", "60"});
  EXPECT_EQ(result.code(), 1) << result.out << result.err;
  EXPECT_NE(result.out.find("0644"), std::string::npos) << result.out;
  EXPECT_FALSE(fs::exists(target()));
}

TEST_F(CliBotAcquire, SecretStoreNamesAnotherStore) {
  const fs::path other = sandbox_.work() / "other-store";
  const std::string id = secret_drop::SecretStore(other).put(
      "elsewhere", secret_drop::value_field(Secret(fake::random_bot_token(7500000002))));
  const CliResult missing =
      sandbox_.run({"--bot-token", id, "--target", target().string(), "--timeout-s", "60"});
  EXPECT_EQ(missing.code(), 1) << "the default store does not have it: " << missing.out;
  fs::remove(report());
  const CliResult found = sandbox_.run({"--bot-token", id, "--secret-store", other.string(),
                                        "--target", target().string(), "--timeout-s", "120"});
  EXPECT_EQ(found.code(), 0) << found.out << found.err;
}

}  // namespace
}  // namespace tas::test
