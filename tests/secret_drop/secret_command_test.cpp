// `test-as-self secret put|list|show|rm` through run_secret_command with string streams, and the
// subcommand's parsing (unit tier: files only).
#include "secret_command.hpp"

#include <sstream>

#include "temp_dir.hpp"
#include <CLI/CLI.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <tas/secret_drop/drop_id.hpp>
#include <tas/secret_drop/secret_store.hpp>

namespace tas::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr std::string_view kValue = "cli-s3cr3t-value-never-printed";

struct Outcome {
  int code = -1;
  std::string out;
  std::string err;
};

class SecretCommandTest : public ::testing::Test {
 protected:
  Outcome run(SecretCommand command, std::string input = {}) {
    command.store = store_dir_;
    std::istringstream in(input);
    std::ostringstream out;
    std::ostringstream err;
    Outcome outcome;
    outcome.code = run_secret_command(command, in, out, err);
    outcome.out = out.str();
    outcome.err = err.str();
    EXPECT_THAT(outcome.out, Not(HasSubstr(kValue)));
    EXPECT_THAT(outcome.err, Not(HasSubstr(kValue)));
    return outcome;
  }

  Outcome put(std::string input, std::string label = "CI bot") {
    SecretCommand command;
    command.action = SecretCommand::Action::put;
    command.label = std::move(label);
    return run(command, std::move(input));
  }

  Outcome with_id(SecretCommand::Action action, std::string id) {
    SecretCommand command;
    command.action = action;
    command.id = std::move(id);
    return run(command);
  }

  // Only one line on err: the reason.
  static void expect_one_line(const std::string& text) {
    EXPECT_FALSE(text.empty());
    EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 1) << text;
  }

  test::TempDir dir_{"tas-secret-cli"};
  std::filesystem::path store_dir_ = dir_ / "store";
  secret_drop::SecretStore store_{store_dir_};
};

TEST_F(SecretCommandTest, PutReadsTheValueFromStdinAndPrintsTheIdAlone) {
  const Outcome outcome = put(std::string(kValue) + "\n");
  ASSERT_EQ(outcome.code, 0) << outcome.err;
  EXPECT_EQ(outcome.err, "");
  ASSERT_TRUE(outcome.out.ends_with("\n"));
  const std::string id = outcome.out.substr(0, outcome.out.size() - 1);
  EXPECT_TRUE(secret_drop::is_drop_id(id)) << outcome.out;
  EXPECT_EQ(store_.get(id).reveal(), kValue);  // the one trailing newline is not part of it
  EXPECT_EQ(store_.describe(id).label, "CI bot");
}

TEST_F(SecretCommandTest, PutStripsExactlyOneTrailingNewline) {
  const auto stored = [&](std::string input) {
    const Outcome outcome = put(std::move(input));
    EXPECT_EQ(outcome.code, 0) << outcome.err;
    return std::string(store_.get(outcome.out.substr(0, outcome.out.size() - 1)).reveal());
  };
  EXPECT_EQ(stored("abc"), "abc");
  EXPECT_EQ(stored("abc\n\n"), "abc\n");
  EXPECT_EQ(stored("abc\r\n"), "abc");
  EXPECT_EQ(stored("two\nlines\n"), "two\nlines");
}

TEST_F(SecretCommandTest, PutRefusesABlankValueWithExit64) {
  for (const char* input : {"", "\n", "   \n", "\t \r\n"}) {
    const Outcome outcome = put(input);
    EXPECT_EQ(outcome.code, 64) << input;
    EXPECT_EQ(outcome.out, "");
    expect_one_line(outcome.err);
    EXPECT_THAT(outcome.err, HasSubstr("secret put"));
  }
  EXPECT_TRUE(store_.list().empty());
}

TEST_F(SecretCommandTest, PutRefusesAValueOver10KBWithExit64) {
  const Outcome at_limit = put(std::string(secret_drop::kMaxValueBytes, 'v') + "\n");
  EXPECT_EQ(at_limit.code, 0) << at_limit.err;
  const Outcome over = put(std::string(secret_drop::kMaxValueBytes + 1, 'w'));
  EXPECT_EQ(over.code, 64);
  EXPECT_EQ(over.out, "");
  expect_one_line(over.err);
  EXPECT_THAT(over.err, HasSubstr("at most 10240 bytes"));
  EXPECT_THAT(over.err, Not(HasSubstr("wwwwwwww")));
  const Outcome far_over = put(std::string(1024 * 1024, 'z'));
  EXPECT_EQ(far_over.code, 64);
  EXPECT_EQ(store_.list().size(), 1u);
}

TEST_F(SecretCommandTest, PutRefusesABadLabelBeforeReadingAnything) {
  const Outcome outcome = put(std::string(kValue), "bell\x07");
  EXPECT_EQ(outcome.code, 64);
  expect_one_line(outcome.err);
  EXPECT_THAT(outcome.err, HasSubstr("control characters"));
}

TEST_F(SecretCommandTest, ListPrintsIdsDatesFieldNamesAndLabelsOnly) {
  const std::string first =
      store_.put("first bot", secret_drop::value_field(Secret(std::string(kValue))));
  const std::string second =
      store_.put("second bot", secret_drop::value_field(Secret("other-value")));
  SecretCommand command;
  command.action = SecretCommand::Action::list;
  const Outcome outcome = run(command);
  ASSERT_EQ(outcome.code, 0) << outcome.err;
  EXPECT_THAT(outcome.out, HasSubstr(first));
  EXPECT_THAT(outcome.out, HasSubstr(second));
  EXPECT_THAT(outcome.out, HasSubstr("first bot"));
  EXPECT_THAT(outcome.out, HasSubstr("second bot"));
  EXPECT_THAT(outcome.out, HasSubstr(store_.describe(first).created_at));
  EXPECT_THAT(outcome.out, HasSubstr("  value  "));
  EXPECT_THAT(outcome.out, Not(HasSubstr("other-value")));
  EXPECT_EQ(std::count(outcome.out.begin(), outcome.out.end(), '\n'), 2);
}

TEST_F(SecretCommandTest, ListOfAnEmptyStoreSaysSoOnStderr) {
  SecretCommand command;
  command.action = SecretCommand::Action::list;
  const Outcome outcome = run(command);
  EXPECT_EQ(outcome.code, 0);
  EXPECT_EQ(outcome.out, "");
  EXPECT_THAT(outcome.err, HasSubstr("no drops in"));
}

TEST_F(SecretCommandTest, ShowPrintsFieldNamesNeverValues) {
  secret_drop::DropFields fields;
  fields.emplace("user", Secret("alice-the-user"));
  fields.emplace("password", Secret(std::string(kValue)));
  const std::string id = store_.put("login", fields);
  const Outcome outcome = with_id(SecretCommand::Action::show, id);
  ASSERT_EQ(outcome.code, 0) << outcome.err;
  EXPECT_THAT(outcome.out, HasSubstr("id:      " + id));
  EXPECT_THAT(outcome.out, HasSubstr("label:   login"));
  EXPECT_THAT(outcome.out, HasSubstr("fields:  password, user"));
  EXPECT_THAT(outcome.out, Not(HasSubstr("alice-the-user")));
}

TEST_F(SecretCommandTest, UnknownIdIsAUsageErrorThatSuggestsList) {
  store_.put("x", secret_drop::value_field(Secret("v")));
  const std::string missing = secret_drop::new_drop_id();
  for (const auto action : {SecretCommand::Action::show, SecretCommand::Action::remove}) {
    const Outcome outcome = with_id(action, missing);
    EXPECT_EQ(outcome.code, 64);
    EXPECT_EQ(outcome.out, "");
    expect_one_line(outcome.err);
    EXPECT_THAT(outcome.err, HasSubstr(missing));
    EXPECT_THAT(outcome.err, HasSubstr("test-as-self secret list"));
  }
}

TEST_F(SecretCommandTest, AMalformedIdIsRefusedWithoutBeingRepeated) {
  const std::string bad = "../../home/someone/.ssh/id_rsa";
  for (const auto action : {SecretCommand::Action::show, SecretCommand::Action::remove}) {
    const Outcome outcome = with_id(action, bad);
    EXPECT_EQ(outcome.code, 64);
    expect_one_line(outcome.err);
    EXPECT_THAT(outcome.err, Not(HasSubstr(bad)));
    EXPECT_THAT(outcome.err, HasSubstr("expected a Secret Drop ID"));
  }
}

TEST_F(SecretCommandTest, RmRemovesTheDrop) {
  const std::string id = store_.put("x", secret_drop::value_field(Secret("v")));
  const Outcome outcome = with_id(SecretCommand::Action::remove, id);
  EXPECT_EQ(outcome.code, 0) << outcome.err;
  EXPECT_EQ(outcome.out, "removed " + id + "\n");
  EXPECT_TRUE(store_.list().empty());
}

TEST_F(SecretCommandTest, AnUnsafeStoreIsExit1WithTheChmodToRun) {
  const std::string id = store_.put("x", secret_drop::value_field(Secret(std::string(kValue))));
  ASSERT_EQ(::chmod(store_.file_of(id).c_str(), 0644), 0);
  SecretCommand command;
  command.action = SecretCommand::Action::list;
  const Outcome outcome = run(command);
  EXPECT_EQ(outcome.code, 1);
  expect_one_line(outcome.err);
  EXPECT_THAT(outcome.err, HasSubstr("chmod 600 " + store_.file_of(id).string()));
}

// Parsing, as the CLI wires it.
class SecretSubcommandParse : public ::testing::Test {
 protected:
  SecretCommand parse(std::vector<std::string> args) {
    CLI::App app{"test", "test-as-self"};
    SecretCommand command;
    add_secret_subcommand(app, command);
    std::reverse(args.begin(), args.end());
    app.parse(args);
    EXPECT_TRUE(app.got_subcommand("secret"));
    return command;
  }
};

TEST_F(SecretSubcommandParse, Put) {
  const SecretCommand command =
      parse({"secret", "--secret-store", "/tmp/s", "put", "--label", "CI bot"});
  EXPECT_EQ(command.action, SecretCommand::Action::put);
  EXPECT_EQ(command.label, "CI bot");
  EXPECT_EQ(command.store, std::filesystem::path("/tmp/s"));
}

TEST_F(SecretSubcommandParse, TheStoreOptionsEarlierNameStillWorks) {
  EXPECT_EQ(parse({"secret", "--store", "/tmp/s", "list"}).store, std::filesystem::path("/tmp/s"));
}

TEST_F(SecretSubcommandParse, ListShowRmRequest) {
  EXPECT_EQ(parse({"secret", "list"}).action, SecretCommand::Action::list);
  const std::string id = secret_drop::new_drop_id();
  const SecretCommand show = parse({"secret", "show", id});
  EXPECT_EQ(show.action, SecretCommand::Action::show);
  EXPECT_EQ(show.id, id);
  const SecretCommand remove = parse({"secret", "rm", id});
  EXPECT_EQ(remove.action, SecretCommand::Action::remove);
  EXPECT_EQ(remove.id, id);
  const SecretCommand request = parse({"secret", "request", "--label", "bot", "--timeout-s", "42"});
  EXPECT_EQ(request.action, SecretCommand::Action::request);
  EXPECT_EQ(request.label, "bot");
  EXPECT_EQ(request.timeout_s, 42);
  EXPECT_EQ(parse({"secret", "request", "--label", "bot"}).timeout_s, 300);
  EXPECT_FALSE(parse({"secret", "list"}).store.has_value());
}

TEST_F(SecretSubcommandParse, PutRefusesAValueAsAnArgumentWithoutEchoingIt) {
  try {
    parse({"secret", "put", "--label", "x", "my-secret-typed-here"});
    FAIL() << "expected a parse error";
  } catch (const CLI::ParseError& error) {
    EXPECT_THAT(error.what(), Not(HasSubstr("my-secret-typed-here")));
    EXPECT_THAT(error.what(), HasSubstr("stdin"));
  }
}

TEST_F(SecretSubcommandParse, UsageErrors) {
  EXPECT_THROW(parse({"secret"}), CLI::ParseError);          // a subcommand is required
  EXPECT_THROW(parse({"secret", "put"}), CLI::ParseError);   // --label is required
  EXPECT_THROW(parse({"secret", "show"}), CLI::ParseError);  // the ID is required
  EXPECT_THROW(parse({"secret", "request", "--label", "x", "--timeout-s", "0"}), CLI::ParseError);
}

}  // namespace
}  // namespace tas::cli
