// The JSON Schemas of docs/schemas/: the harness validates against exactly those files, every
// object in them with fixed keys refuses others, and every example the repository ships conforms.
#include <fstream>
#include <regex>
#include <sstream>

#include "files.hpp"
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <tas/core/json_schema.hpp>
#include <tas/core/profile.hpp>

namespace tas {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const fs::path kSource = TAS_SOURCE_DIR;

constexpr std::string_view kSchemaFiles[] = {kProfileSchemaFile, kLiveConfigSchemaFile,
                                             kJudgeConfigSchemaFile, kReportSchemaFile};

std::string violation(const json& document, std::string_view schema_file) {
  const auto found = schema_violation(document, schema_file);
  return found ? found->describe() : std::string();
}

TEST(JsonSchema, TheEmbeddedSchemasAreTheFilesTheDocumentationLinks) {
  for (const std::string_view name : kSchemaFiles) {
    const fs::path file = kSource / "docs" / "schemas" / name;
    EXPECT_EQ(embedded_schema(name), test::read_text(file)) << file;
    const json schema = json::parse(test::read_text(file));
    EXPECT_EQ(schema["$schema"], "http://json-schema.org/draft-07/schema#") << name;
  }
  EXPECT_EQ(embedded_schema("nothing.schema.json"), "");
}

// Every object schema that lists its keys says what happens to others: a misspelt key must never
// pass in silence. (The conditions of "if"/"then" only add to a schema that does.)
void expect_strict(const json& node, const std::string& where, std::string_view file) {
  const bool condition =
      where.ends_with("/if") || where.ends_with("/then") || where.ends_with("/else");
  if (node.is_object()) {
    if (node.contains("properties") && !condition) {
      EXPECT_TRUE(node.contains("additionalProperties")) << file << where;
      if (node.contains("required")) {
        for (const json& name : node["required"])
          EXPECT_TRUE(node["properties"].contains(name)) << file << where << " requires " << name;
      }
    }
    for (const auto& [key, child] : node.items())
      expect_strict(child, where + "/" + key, file);
  } else if (node.is_array()) {
    for (std::size_t i = 0; i < node.size(); ++i)
      expect_strict(node[i], fmt::format("{}/{}", where, i), file);
  }
}

TEST(JsonSchema, EveryObjectWithFixedKeysRefusesOthers) {
  for (const std::string_view name : kSchemaFiles)
    expect_strict(json::parse(embedded_schema(name)), "", name);
}

TEST(JsonSchema, TheShippedExampleProfilesConformAndLoad) {
  for (const char* example :
       {"examples/reference_agent/profile.json", "examples/downstream/profile.json"}) {
    const fs::path file = kSource / example;
    EXPECT_EQ(violation(json::parse(test::read_text(file)), kProfileSchemaFile), "") << example;
    EXPECT_NO_THROW((void)load_profile(file)) << example;
  }
}

// The ```json blocks of a Markdown page that parse as JSON.
std::vector<json> json_blocks(const fs::path& page) {
  std::vector<json> blocks;
  const std::string text = test::read_text(page);
  const std::regex fence("```json\\n([\\s\\S]*?)```");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), fence);
       it != std::sregex_iterator(); ++it) {
    json block = json::parse((*it)[1].str(), nullptr, false);
    if (!block.is_discarded()) blocks.push_back(std::move(block));
  }
  return blocks;
}

TEST(JsonSchema, TheDocumentationsExampleConfigurationsConform) {
  int live = 0;
  for (const json& block : json_blocks(kSource / "README.md")) {
    if (block.is_object() && block.value("schema", "") == "test-as-self/live@1") {
      EXPECT_EQ(violation(block, kLiveConfigSchemaFile), "") << block.dump();
      ++live;
    }
  }
  EXPECT_EQ(live, 1) << "README's live configuration example";
  int judge = 0;
  for (const json& block : json_blocks(kSource / "docs" / "judge.md")) {
    if (block.is_object() && block.contains("mode") && block.contains("api_key_file")) {
      EXPECT_EQ(violation(block, kJudgeConfigSchemaFile), "") << block.dump();
      ++judge;
    }
  }
  EXPECT_EQ(judge, 1) << "docs/judge.md's configuration block";
}

TEST(JsonSchema, AViolationNamesThePointerWhatWasExpectedAndWhatWasFound) {
  const json judge = {{"mode", "veto"}, {"model", "m"}, {"api_key_file", "k"}, {"max_tokens", 8}};
  EXPECT_EQ(violation(judge, kJudgeConfigSchemaFile),
            "/max_tokens: expected an integer from 16 to 4096, found 8");
  // A key with "/" or "~" in it is escaped as RFC 6901 says.
  const json odd = {{"mode", "off"}, {"a/b~c", 1}};
  EXPECT_EQ(violation(odd, kJudgeConfigSchemaFile)
                .rfind("/a~1b~0c: unknown field; the known ones "
                       "there are api_key_file, endpoint,",
                       0),
            0u)
      << violation(odd, kJudgeConfigSchemaFile);
}

TEST(JsonSchema, AViolationNeverRepeatsASecret) {
  const std::string token = "123456789:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
  const json as_value = {{"mode", token}};
  const std::string message = violation(as_value, kJudgeConfigSchemaFile);
  EXPECT_NE(message.find("/mode: expected \"off\", \"advisory\" or \"veto\", found what looks like "
                         "a raw Telegram bot token (not shown)"),
            std::string::npos)
      << message;
  const json as_key = {{"mode", "off"}, {token, 1}};
  EXPECT_EQ(violation(as_key, kJudgeConfigSchemaFile).find("AAAAAAAAAA"), std::string::npos)
      << violation(as_key, kJudgeConfigSchemaFile);
  const json long_value = {{"mode", std::string(10'000, 'x')}};
  EXPECT_LT(violation(long_value, kJudgeConfigSchemaFile).size(), 300u);
}

// A misspelt field also makes the field it was meant to be "missing"; the typo is the news.
TEST(JsonSchema, AnUnknownFieldIsNamedBeforeTheRequiredOneItWasMeantToBe) {
  const json judge = {{"mode", "veto"}, {"modle", "m"}, {"api_key_file", "k"}};
  EXPECT_EQ(violation(judge, kJudgeConfigSchemaFile).rfind("/modle: unknown field", 0), 0u)
      << violation(judge, kJudgeConfigSchemaFile);
}

}  // namespace
}  // namespace tas
