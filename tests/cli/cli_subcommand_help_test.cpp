// Each subcommand's --help ends with a footer of its own: its exit codes and examples, never the
// run's (a subcommand would otherwise inherit the main footer).
#include "cli_process.hpp"
#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace tas::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr std::string_view kRunExitCodes = "1-7 the step that failed";

class CliSubcommandHelp : public ::testing::Test {
 protected:
  CliResult help(const std::vector<std::string>& args) {
    CliResult result = sandbox_.run(args, std::chrono::seconds(30));
    EXPECT_EQ(result.code(), 0) << result.out << result.err;
    return result;
  }

  CliSandbox sandbox_;
};

TEST_F(CliSubcommandHelp, TheMainHelpKeepsTheRunsExitCodesAndPointsToTheSubcommands) {
  const CliResult result = help({"--help"});
  EXPECT_THAT(result.out, HasSubstr(kRunExitCodes));
  EXPECT_THAT(result.out, HasSubstr("test-as-self secret --help"));
  EXPECT_THAT(result.out, HasSubstr("test-as-self cleanup --help"));
}

TEST_F(CliSubcommandHelp, SecretShowsItsOwnExitCodesAndExamples) {
  const CliResult result = help({"secret", "--help"});
  EXPECT_THAT(result.out, HasSubstr("Usage: test-as-self secret"));
  EXPECT_THAT(result.out, HasSubstr("Exit codes: 0 done; 1 the store cannot be used"));
  EXPECT_THAT(result.out, HasSubstr("| test-as-self secret put --label"));
  EXPECT_THAT(result.out, Not(HasSubstr(kRunExitCodes)));
}

TEST_F(CliSubcommandHelp, ASecretActionShowsTheSecretFooter) {
  const CliResult result = help({"secret", "put", "--help"});
  EXPECT_THAT(result.out, HasSubstr("Usage: test-as-self secret put"));
  EXPECT_THAT(result.out, HasSubstr("Exit codes: 0 done;"));
  EXPECT_THAT(result.out, Not(HasSubstr(kRunExitCodes)));
}

TEST_F(CliSubcommandHelp, CleanupShowsWhatItDoesItsExitCodesAndAnExample) {
  const CliResult result = help({"cleanup", "--help"});
  EXPECT_THAT(result.out, HasSubstr("Usage: test-as-self cleanup"));
  EXPECT_THAT(result.out, HasSubstr("Exit codes: 0 nothing is left; 1 a process could not be"));
  EXPECT_THAT(result.out, HasSubstr("TEST_AS_SELF_STATE_DIR="));
  EXPECT_THAT(result.out, Not(HasSubstr(kRunExitCodes)));
  // Help only: no cleanup ran.
  EXPECT_THAT(result.out, Not(HasSubstr("cleanup: ")));
}

}  // namespace
}  // namespace tas::test
