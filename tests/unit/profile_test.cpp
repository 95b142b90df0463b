#include <fstream>

#include "temp_dir.hpp"
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <tas/core/errors.hpp>
#include <tas/core/profile.hpp>

namespace tas {
namespace {

using nlohmann::json;

json minimal() {
  return json::parse(R"json({
    "schema": "test-as-self/profile@1",
    "name": "agent",
    "dist": "build/dist",
    "state_dir": "{target}/state",
    "config": { "path": "{target}/agent.json" },
    "server": { "argv": ["{dist}/server", "--port", "{port}"], "no_poll_flag": "--no-poll" },
    "lifeline": { "argv": ["{dist}/lifeline"] },
    "demotion": { "lease_detected": "lease detected", "no_poll_flag": "disabled by --no-poll" }
  })json");
}

AgentProfile parse(const json& document) {
  return parse_profile(document, "p.json", "/profiles", "/home/u");
}

// The message of the UsageError parsing `document` throws.
std::string refusal(const json& document) {
  try {
    (void)parse(document);
  } catch (const UsageError& error) {
    EXPECT_EQ(error.exit_code(), 64);
    return error.what();
  }
  ADD_FAILURE() << "the profile was accepted";
  return {};
}

TEST(Profile, AMinimalProfileGetsTheDocumentedDefaults) {
  const AgentProfile profile = parse(minimal());
  EXPECT_EQ(profile.name, "agent");
  EXPECT_EQ(profile.dist, "/profiles/build/dist");  // relative to the profile's directory
  EXPECT_EQ(profile.health_path, "/health");
  EXPECT_EQ(profile.port.source, PortSpec::Source::allocate);
  EXPECT_TRUE(profile.environment.isolate);
  EXPECT_EQ(profile.stop_grace, std::chrono::seconds(5));
  EXPECT_EQ(profile.command_timeout, std::chrono::seconds(300));
  EXPECT_FALSE(profile.rebuild.has_value());
  EXPECT_FALSE(profile.canonical_home.has_value());
  EXPECT_EQ(profile.crash_reports.directory, "{target}/crash-reports");
}

TEST(Profile, ReadsEveryField) {
  json document = minimal();
  document["canonical_home"] = "~/.agent";
  document["protected"] = {{"paths", {"/srv/keep"}}, {"names", {"bob"}}};
  document["config"]["initial"] = {{"port", 8080}, {"tokenFile", "{token_file}"}};
  document["config"]["merge_patch"] = {{"bind", "127.0.0.1"}};
  document["port"] = {{"source", "config"}, {"pointer", "/server/port"}};
  document["rebuild"] = {{"argv", {"npm", "rebuild", "better-sqlite3"}}, {"timeout_s", 90}};
  document["init"] = {{"argv", {"{dist}/init"}}};
  document["health_path"] = "/healthz";
  document["logs"] = {"{target}/logs"};
  document["crash_patterns"] = {"PANIC"};
  document["crash_reports"] = {{"server_args", {"--report-on-fatalerror"}}, {"core_dumps", true}};
  document["environment"] = {{"isolate", false},
                             {"allow", {"NODE_OPTIONS"}},
                             {"set", {{"API", "{telegram_api}"}}},
                             {"path_prepend", {"{dist}/stand-ins"}}};
  document["hooks"]["before_start"] = json::array({{{"argv", {"true"}}}});
  document["hooks"]["teardown"] = json::array(
      {{{"name", "remove-unit"}, {"argv", {"systemctl", "--user", "disable", "agent"}}}});
  document["timeouts"] = {{"command_s", 30}, {"stop_grace_s", 2}};
  const AgentProfile profile = parse(document);
  EXPECT_EQ(*profile.canonical_home, "/home/u/.agent");
  EXPECT_EQ(profile.protected_paths.at(0), "/srv/keep");
  EXPECT_EQ(profile.protected_names.at(0), "bob");
  EXPECT_EQ(profile.port.source, PortSpec::Source::config);
  EXPECT_EQ(profile.port.config_pointer, "/server/port");
  EXPECT_EQ(profile.rebuild->argv.at(2), "better-sqlite3");
  EXPECT_EQ(profile.rebuild->timeout, std::chrono::seconds(90));
  EXPECT_EQ(profile.init->name, "init");
  EXPECT_EQ(profile.health_path, "/healthz");
  EXPECT_TRUE(profile.crash_reports.core_dumps);
  EXPECT_FALSE(profile.environment.isolate);
  EXPECT_EQ(profile.environment.set.at(0).first, "API");
  EXPECT_EQ(profile.hooks_before_start.size(), 1u);
  EXPECT_EQ(profile.hooks_teardown.at(0).name, "remove-unit");
  EXPECT_EQ(profile.stop_grace, std::chrono::seconds(2));
}

TEST(Profile, AMalformedFieldIsNamedWithWhatWasExpected) {
  json document = minimal();
  document["server"]["argv"] = "node server.js";  // a shell string, not an argument vector
  const std::string message = refusal(document);
  EXPECT_NE(message.find("profile p.json: /server/argv: expected a non-empty array of strings, "
                         "found a string."),
            std::string::npos)
      << message;
  document = minimal();
  document["server"]["argv"] = {"{dist}/server", 8080};
  EXPECT_NE(refusal(document).find("/server/argv/1: expected a string, found an integer (8080)"),
            std::string::npos);
}

TEST(Profile, MissingRequiredFieldsAreNamed) {
  for (const char* field :
       {"schema", "name", "dist", "state_dir", "server", "lifeline", "demotion"}) {
    json document = minimal();
    document.erase(field);
    const std::string message = refusal(document);
    EXPECT_NE(message.find(fmt::format("/{}: expected ", field)), std::string::npos) << message;
    EXPECT_NE(message.find(", found nothing"), std::string::npos) << message;
  }
  json document = minimal();
  document["lifeline"].erase("argv");
  EXPECT_NE(refusal(document).find("/lifeline/argv: expected a non-empty array of strings, found "
                                   "nothing"),
            std::string::npos);
}

TEST(Profile, UnknownFieldsAreRefusedSoATypoIsNotIgnored) {
  json document = minimal();
  document["sever"] = {};
  EXPECT_NE(refusal(document).find("/sever: unknown field; the known ones there are "
                                   "canonical_home, config,"),
            std::string::npos);
  document = minimal();
  document["server"]["no_pol_flag"] = "x";
  EXPECT_NE(refusal(document).find("/server/no_pol_flag: unknown field; the known ones there are "
                                   "argv and no_poll_flag"),
            std::string::npos);
}

TEST(Profile, TheTokenCanNeverReachAnArgumentOrTheEnvironment) {
  json document = minimal();
  document["server"]["argv"].push_back("--token={token}");
  EXPECT_NE(refusal(document).find("{token} is not allowed"), std::string::npos);
  document = minimal();
  document["environment"] = {{"set", {{"BOT_TOKEN", "{token}"}}}};
  EXPECT_NE(refusal(document).find("environment.set.BOT_TOKEN"), std::string::npos);
}

TEST(Profile, ARawSecretInAProfileIsRefusedWithoutEchoingIt) {
  json document = minimal();
  document["lifeline"]["argv"].push_back("123456789:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
  const std::string message = refusal(document);
  EXPECT_NE(message.find("raw Telegram bot token"), std::string::npos) << message;
  EXPECT_EQ(message.find("AAAAAAAAAAAAAAAAAAAA"), std::string::npos) << message;
}

TEST(Profile, UnknownPlaceholdersAreRefused) {
  json document = minimal();
  document["state_dir"] = "{home}/state";
  EXPECT_NE(refusal(document).find("unknown placeholder {home}"), std::string::npos);
}

TEST(Profile, DemotionPatternsMustTellTheTwoLinesApart) {
  // A pattern that matches both lines cannot tell the two servers apart (docs/architecture.md,
  // 'Mistakes it is built to catch').
  json document = minimal();
  document["demotion"] = {{"lease_detected", "send-only mode"},
                          {"no_poll_flag", "send-only mode (--no-poll)"}};
  EXPECT_NE(refusal(document).find("cannot tell the two lines apart"), std::string::npos);
}

TEST(Profile, WrongSchemaOrBadValuesAreUsageErrors) {
  json document = minimal();
  document["schema"] = "something/else";
  EXPECT_NE(refusal(document).find(
                "/schema: expected \"test-as-self/profile@1\", found \"something/else\""),
            std::string::npos);
  document = minimal();
  document["timeouts"] = {{"stop_grace_s", -1}};
  EXPECT_NE(refusal(document).find("/timeouts/stop_grace_s: expected an integer from 1 to 300, "
                                   "found -1"),
            std::string::npos);
  document = minimal();
  document["port"] = {{"source", "guess"}};
  EXPECT_NE(
      refusal(document).find("/port/source: expected \"allocate\" or \"config\", found \"guess\""),
      std::string::npos);
  document = minimal();
  document["port"] = {{"source", "config"}};
  EXPECT_NE(refusal(document).find("/port/pointer: expected a string, found nothing"),
            std::string::npos);
  document = minimal();
  document["health_path"] = "health";
  EXPECT_NE(refusal(document).find("/health_path: expected a path starting with '/'"),
            std::string::npos);
  EXPECT_NE(refusal(json::array()).find("must be a JSON object"), std::string::npos);
}

TEST(Profile, UnreadableAndInvalidFilesAreUsageErrors) {
  test::TempDir dir;
  try {
    (void)load_profile(dir / "missing.json");
    FAIL() << "accepted a missing file";
  } catch (const UsageError& error) {
    EXPECT_NE(std::string(error.what()).find("cannot read the profile"), std::string::npos);
  }
  std::ofstream(dir / "bad.json") << "{ \"schema\": ";
  try {
    (void)load_profile(dir / "bad.json");
    FAIL() << "accepted invalid JSON";
  } catch (const UsageError& error) {
    EXPECT_NE(std::string(error.what()).find("is not valid JSON"), std::string::npos);
  }
  std::ofstream(dir / "good.json") << minimal().dump();
  EXPECT_EQ(load_profile(dir / "good.json").dist, dir / "build/dist");
}

}  // namespace
}  // namespace tas
