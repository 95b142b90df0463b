// Under the C or POSIX locale the console may take only ASCII: every byte test-as-self writes is
// ASCII there — a whole run's progress and verdict, its help, its errors. Under a UTF-8 locale it
// keeps its marks.
#include <algorithm>

#include "cli_process.hpp"
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <tas/fake/random_bot_token.hpp>

namespace tas::test {
namespace {

using ::testing::HasSubstr;

// The first byte outside ASCII, with where it is, or "" when there is none.
std::string first_non_ascii(std::string_view name, std::string_view text) {
  const auto byte = std::find_if(text.begin(), text.end(),
                                 [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
  if (byte == text.end()) return "";
  const auto at = static_cast<std::size_t>(byte - text.begin());
  const std::size_t line_start =
      text.rfind('\n', at) == std::string_view::npos ? 0 : text.rfind('\n', at) + 1;
  return fmt::format("{} has byte 0x{:02x} at offset {}, in the line: {}", name,
                     static_cast<unsigned char>(*byte), at,
                     text.substr(line_start, text.find('\n', at) - line_start));
}

void expect_ascii(const CliResult& result) {
  EXPECT_EQ(first_non_ascii("stdout", result.out), "");
  EXPECT_EQ(first_non_ascii("stderr", result.err), "");
}

class CliAsciiConsole : public CliRunTest {
 protected:
  void use_locale(const std::string& lc_all) {
    std::vector<std::string> environment = sandbox_.default_environment();
    environment.push_back("LC_ALL=" + lc_all);
    sandbox_.use_environment(std::move(environment));
  }

  CliResult full_run() {
    return sandbox_.run({"--bot-token", sandbox_.put_bot_token(), "--target", target().string(),
                         "--timeout-s", "120"});
  }
};

TEST_F(CliAsciiConsole, AFullRunUnderTheCLocaleWritesOnlyAscii) {
  use_locale("C");
  const CliResult result = full_run();
  EXPECT_EQ(result.code(), 0) << result.out << result.err;
  expect_ascii(result);
  EXPECT_THAT(result.out, HasSubstr("> [4/7] start\n"));
  EXPECT_THAT(result.out, HasSubstr("+ [4/7] start"));
  EXPECT_THAT(result.out, HasSubstr("VERDICT: PASS"));
}

TEST_F(CliAsciiConsole, AFailingRunUnderThePosixLocaleWritesOnlyAscii) {
  use_locale("POSIX");
  // A failed step's further lines, its mark, and the marks of the steps that did not run.
  const auto profile =
      write_reference_profile(sandbox_.work() / "profile.json",
                              {{"crashAtStart", {{"process", "server"}, {"kind", "abort"}}}});
  const CliResult result =
      sandbox_.run({"--bot-token", sandbox_.put_bot_token(), "--profile", profile.string(),
                    "--target", target().string(), "--timeout-s", "60"});
  EXPECT_NE(result.code(), 0) << result.out << result.err;
  expect_ascii(result);
  EXPECT_THAT(result.out, HasSubstr("X [4/7] start"));
  EXPECT_THAT(result.out, HasSubstr(". [5/7] round-trip"));
  EXPECT_THAT(result.out, HasSubstr("VERDICT: FAIL"));
}

TEST_F(CliAsciiConsole, HelpAndErrorsUnderTheCLocaleAreAscii) {
  use_locale("C");
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"--help"},
        {"secret", "--help"},
        {"cleanup", "--help"},
        {"cleanup"},
        // Its message suggests Secret Drop between dashes.
        {"--bot-token", fake::random_bot_token(7700000001)},
        // Its message cuts the unknown word short with an ellipsis.
        {"secret", std::string(60, 'x')}}) {
    SCOPED_TRACE(args.front() + (args.size() > 1 ? " " + args[1].substr(0, 20) : ""));
    expect_ascii(sandbox_.run(args, std::chrono::seconds(30)));
  }
}

TEST_F(CliAsciiConsole, AUtf8LocaleKeepsTheMarks) {
  use_locale("C.UTF-8");
  const CliResult result = full_run();
  EXPECT_EQ(result.code(), 0) << result.out << result.err;
  EXPECT_THAT(result.out, HasSubstr("→ [4/7] start\n"));
  EXPECT_THAT(result.out, HasSubstr("✓ [4/7] start"));
}

}  // namespace
}  // namespace tas::test
