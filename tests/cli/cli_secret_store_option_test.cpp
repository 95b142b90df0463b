// One name for the Secret Drop store: `--secret-store`, for a run and for `secret` alike, given
// before or after `secret`; `--store`, its earlier name, still works on `secret` but is not shown.
#include "cli_process.hpp"
#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace tas::test {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

class CliSecretStoreOption : public ::testing::Test {
 protected:
  // `secret list` on a store of its own: empty, so it says which store it looked at.
  void expect_lists_own_store(const std::vector<std::string>& args) {
    const CliResult result = sandbox_.run(args, std::chrono::seconds(30));
    EXPECT_EQ(result.code(), 0) << result.out << result.err;
    EXPECT_THAT(result.err, HasSubstr("no drops in " + own_store_.string())) << result.err;
    EXPECT_FALSE(fs::exists(sandbox_.store())) << "the default store was used";
  }

  CliSandbox sandbox_;
  fs::path own_store_ = sandbox_.work() / "drops";
};

TEST_F(CliSecretStoreOption, SecretTakesTheRunsName) {
  expect_lists_own_store({"secret", "--secret-store", own_store_.string(), "list"});
}

TEST_F(CliSecretStoreOption, TheRunsOptionBeforeSecretNamesTheSameStore) {
  expect_lists_own_store({"--secret-store", own_store_.string(), "secret", "list"});
}

TEST_F(CliSecretStoreOption, TheEarlierNameStillWorks) {
  expect_lists_own_store({"secret", "--store", own_store_.string(), "list"});
}

TEST_F(CliSecretStoreOption, HelpShowsOnlyTheOneName) {
  const CliResult result = sandbox_.run({"secret", "--help"}, std::chrono::seconds(30));
  EXPECT_EQ(result.code(), 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("--secret-store <dir>"));
  EXPECT_THAT(result.out, Not(HasSubstr("--store ")));
}

TEST_F(CliSecretStoreOption, AnEmptyValueIsAUsageError) {
  const CliResult result =
      sandbox_.run({"secret", "--secret-store", "", "list"}, std::chrono::seconds(30));
  EXPECT_EQ(result.code(), 64) << result.out << result.err;
  EXPECT_THAT(result.err, HasSubstr("--secret-store expects a path"));
}

}  // namespace
}  // namespace tas::test
