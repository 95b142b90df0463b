// Untrusted files and values on the real binary: a FIFO or a device where a file is expected, JSON
// nested 50,000 deep, a parse error at a secret, a value that is not a drop ID, a home name that
// leaves no room for its report. Each case runs under a deadline, so a reader that blocks on a
// FIFO fails the test instead of hanging it.
#include <fstream>
#include <string>

#include "cli_process.hpp"
#include "files.hpp"
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <tas/engine/report.hpp>

namespace tas::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Far longer than any of these commands needs, far shorter than a hang.
constexpr std::chrono::seconds kPrompt{20};
constexpr std::string_view kNotAnId = "hunter2-Correct-Horse-Battery-42";
const std::string kDropId = "drop-0123456789abcdef0123456789abcdef";

class CliUntrustedInput : public ::testing::Test {
 protected:
  fs::path fifo(const fs::path& file) {
    fs::create_directories(file.parent_path());
    EXPECT_EQ(::mkfifo(file.c_str(), 0600), 0);
    return file;
  }
  // The reference profile with config.initial replaced by `initial`, spliced in as raw text.
  fs::path profile_with_initial(const std::string& initial) {
    json profile = read_json(kReferenceProfile);
    profile["config"]["initial"] = {{"deep", "@@INITIAL@@"}};
    std::string text = profile.dump();
    text.replace(text.find("\"@@INITIAL@@\""), 13, initial);
    const fs::path file = sandbox_.work() / "profile.json";
    std::ofstream(file, std::ios::trunc) << text;
    return file;
  }

  CliSandbox sandbox_;
};

TEST_F(CliUntrustedInput, AFifoOrADeviceAsTheProfileExits64Promptly) {
  for (const fs::path& profile : {fifo(sandbox_.work() / "profile.fifo"), fs::path("/dev/zero")}) {
    const CliResult result = sandbox_.run({"--profile", profile.string()}, kPrompt);
    EXPECT_EQ(result.code(), 64) << result.err;
    EXPECT_NE(result.err.find("not a regular file"), std::string::npos) << result.err;
  }
}

TEST_F(CliUntrustedInput, AFifoAsTheJudgeConfigurationExits64Promptly) {
  const fs::path config = fifo(sandbox_.work() / "judge.fifo");
  const CliResult result = sandbox_.run({"--judge-config", config.string()}, kPrompt);
  EXPECT_EQ(result.code(), 64) << result.err;
  EXPECT_NE(result.err.find("FIFO"), std::string::npos) << result.err;
}

TEST_F(CliUntrustedInput, AFifoAsTheReportPathIsRefusedBeforeTheRun) {
  const fs::path report = fifo(sandbox_.work() / "report.fifo");
  const CliResult result = sandbox_.run(
      {"--report-json", report.string(), "--target", (sandbox_.work() / "t").string()}, kPrompt);
  EXPECT_TRUE(result.code() == 64 || result.code() == 11) << result.code() << result.err;
  EXPECT_FALSE(fs::exists(sandbox_.work() / "t"));
  struct stat info {};
  ASSERT_EQ(::stat(report.c_str(), &info), 0);
  EXPECT_TRUE(S_ISFIFO(info.st_mode));
}

TEST_F(CliUntrustedInput, AFifoAsAStoredDropIsRefusedBySecretShowAndByStep1) {
  const fs::path store = sandbox_.work() / "store";
  fs::create_directories(store);
  fs::permissions(store, fs::perms::owner_all);
  fifo(store / (kDropId + ".json"));
  CliResult result =
      sandbox_.run({"secret", "--secret-store", store.string(), "show", kDropId}, kPrompt);
  EXPECT_EQ(result.code(), 1) << result.err;
  EXPECT_NE(result.err.find("FIFO"), std::string::npos) << result.err;

  result = sandbox_.run(
      {"--bot-token", kDropId, "--no-roundtrip", "--secret-store", store.string(), "--target",
       (sandbox_.work() / "run").string(), "--report-json", (sandbox_.work() / "r.json").string()},
      kPrompt);
  EXPECT_EQ(result.code(), 1) << result.out << result.err;
  EXPECT_FALSE(fs::exists(sandbox_.work() / "run"));
}

TEST_F(CliUntrustedInput, InitialConfigNested50000DeepExits64InsteadOfCrashing) {
  const std::string deep = std::string(50'000, '[') + std::string(50'000, ']');
  const CliResult result = sandbox_.run(
      {"--profile", profile_with_initial(deep).string(), "--report-json",
       (sandbox_.work() / "r.json").string(), "--target", (sandbox_.work() / "t").string()},
      kPrompt);
  EXPECT_EQ(result.code(), 64) << result.err.substr(0, 400);
  EXPECT_NE(result.err.find("nested deeper than 64 levels"), std::string::npos) << result.err;
  EXPECT_FALSE(fs::exists(sandbox_.work() / "r.json"));
}

TEST_F(CliUntrustedInput, AParseErrorNamesLineAndColumnAndNeverEchoesTheText) {
  const fs::path file = sandbox_.work() / "profile.json";
  std::ofstream(file) << "{\n\"name\": \"" << kNotAnId << std::string(500'000, 'x');
  const CliResult result = sandbox_.run({"--profile", file.string()}, kPrompt);
  EXPECT_EQ(result.code(), 64);
  EXPECT_EQ(result.err.find(kNotAnId), std::string::npos) << result.err.substr(0, 400);
  EXPECT_LT(result.err.size(), 1000u);
  EXPECT_NE(result.err.find("line 2, column"), std::string::npos) << result.err;
}

TEST_F(CliUntrustedInput, ABotTokenThatIsNotADropIdExits64WithoutRepeatingIt) {
  const fs::path report = sandbox_.work() / "r.json";
  const CliResult result =
      sandbox_.run({"--bot-token", std::string(kNotAnId), "--no-roundtrip", "--report-json",
                    report.string(), "--target", (sandbox_.work() / "t").string()},
                   kPrompt);
  EXPECT_EQ(result.code(), 64) << result.err;
  EXPECT_NE(result.err.find("expects a Secret Drop ID"), std::string::npos) << result.err;
  EXPECT_EQ((result.out + result.err).find("Correct-Horse"), std::string::npos) << result.err;
  EXPECT_FALSE(fs::exists(report));
  EXPECT_FALSE(fs::exists(sandbox_.work() / "t"));
}

TEST_F(CliUntrustedInput, AHomeNameOf240CharactersStillGetsItsReportBesideIt) {
  json profile = read_json(kReferenceProfile);
  profile["dist"] = (sandbox_.work() / "no-such-dist").string();  // fails fast, at step 3
  const fs::path file = sandbox_.work() / "profile.json";
  std::ofstream(file) << profile.dump();
  const std::string name(240, 'h');
  const CliResult result = sandbox_.run(
      {"--profile", file.string(), "--no-roundtrip", "--target", (sandbox_.work() / name).string()},
      std::chrono::seconds(60));
  EXPECT_NE(result.code(), 0) << result.out << result.err;
  EXPECT_FALSE(fs::exists(sandbox_.work() / name)) << result.out;
  const fs::path report = sandbox_.work() / (report_stem(name) + ".test-as-self-report.json");
  EXPECT_TRUE(is_report_file(report)) << result.out << result.err;
}

}  // namespace
}  // namespace tas::test
