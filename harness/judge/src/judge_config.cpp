#include <cmath>
#include <set>

#include <fmt/format.h>

#include <tas/core/errors.hpp>
#include <tas/core/json_schema.hpp>
#include <tas/core/json_value_text.hpp>
#include <tas/core/secret_shapes.hpp>
#include <tas/judge/llm_judge.hpp>

namespace tas {
namespace {

using nlohmann::json;

const std::set<std::string, std::less<>> kKnownFields = {
    "mode", "protocol", "endpoint", "model", "api_key_file", "timeout_s", "max_tokens"};

// Reads the block's fields, naming `source` and the field in every error.
class Fields {
 public:
  Fields(const json& block, std::string_view source) : block_(block), source_(source) {}

  [[noreturn]] void fail(std::string_view field, std::string_view expected,
                         std::string_view found) const {
    throw UsageError(fmt::format(
        "judge config {}: field '{}' must be {}, found {}. Fix the judge block (the format is "
        "described in docs/judge.md).",
        source_, field, expected, shown_value(found, false)));
  }

  const json* find(std::string_view field) const {
    const auto it = block_.find(field);
    return it == block_.end() || it->is_null() ? nullptr : &*it;
  }

  std::optional<std::string> string(std::string_view field) const {
    const json* value = find(field);
    if (value == nullptr) return std::nullopt;
    if (!value->is_string()) fail(field, "a string", json_type_name(*value));
    if (value->get_ref<const std::string&>().empty()) fail(field, "a non-empty string", "\"\"");
    return value->get<std::string>();
  }

  std::string required_string(std::string_view field, std::string_view expected) const {
    auto value = string(field);
    if (!value) fail(field, expected, "nothing");
    return *value;
  }

 private:
  const json& block_;
  std::string_view source_;
};

// Refuses a raw secret anywhere in the block, before anything else looks at it: an API key pasted
// into the config would otherwise end up in a report's options or a console line.
void refuse_raw_secrets(const json& value, const std::string& where, std::string_view source) {
  const auto refuse = [&](std::string_view kind) {
    throw UsageError(
        fmt::format("judge config {}: {} holds what looks like a raw {}. A key never goes into the "
                    "configuration: put it alone in a file with mode 0600 and name that file with "
                    "\"api_key_file\".",
                    source, where, kind));
  };
  if (value.is_string()) {
    if (const auto match = find_secret_shape(value.get_ref<const std::string&>())) {
      refuse(match->kind);
    }
  } else if (value.is_object()) {
    for (const auto& [key, member] : value.items()) {
      if (const auto match = find_secret_shape(key)) refuse(match->kind);
      refuse_raw_secrets(member, fmt::format("field '{}'", shown_value(key, false)), source);
    }
  } else if (value.is_array()) {
    for (std::size_t i = 0; i < value.size(); ++i) {
      refuse_raw_secrets(value[i], fmt::format("{}[{}]", where, i), source);
    }
  }
}

}  // namespace

std::string_view to_string(LlmJudgeConfig::Protocol protocol) {
  return protocol == LlmJudgeConfig::Protocol::openai ? "openai" : "anthropic";
}

nlohmann::json JudgeSettings::to_json() const {
  return {{"mode", to_string(mode)},
          {"protocol", to_string(llm.protocol)},
          {"endpoint", llm.endpoint},
          {"model", llm.model},
          {"api_key_file", llm.api_key_file.string()},
          {"timeout_s", static_cast<double>(llm.timeout.count()) / 1000.0},
          {"max_tokens", llm.max_tokens}};
}

JudgeSettings parse_judge_settings(const json& block, const std::filesystem::path& base_dir,
                                   std::string_view source) {
  if (!block.is_object()) {
    throw UsageError(fmt::format(
        "judge config {}: expected a JSON object {{\"mode\": …, \"model\": …, …}}, found {}. "
        "See docs/judge.md.",
        source, json_type_name(block)));
  }
  refuse_raw_secrets(block, "the block", source);
  // Then the schema: a misspelt field would otherwise be ignored in silence and its default used,
  // and every structural error is named by its JSON pointer. The checks below stay as a second
  // line and for what a schema cannot say.
  if (const auto violation = schema_violation(block, kJudgeConfigSchemaFile)) {
    throw UsageError(
        fmt::format("judge config {}: {}. Fix the judge block (docs/judge.md; its schema is "
                    "docs/schemas/judge-config.schema.json).",
                    source, violation->describe()));
  }
  const Fields fields(block, source);
  for (const auto& [key, value] : block.items()) {
    if (!kKnownFields.contains(key)) {
      throw UsageError(fmt::format(
          "judge config {}: unknown field '{}'; the known ones are mode, protocol, endpoint, "
          "model, api_key_file, timeout_s and max_tokens. Fix the judge block (see "
          "docs/judge.md).",
          source, shown_value(key, false)));
    }
  }

  JudgeSettings settings;
  const std::string mode = fields.required_string("mode", "\"off\", \"advisory\" or \"veto\"");
  const auto parsed_mode = judge_mode_named(mode);
  if (!parsed_mode) fields.fail("mode", "\"off\", \"advisory\" or \"veto\"", "\"" + mode + "\"");
  settings.mode = *parsed_mode;
  const bool needed = settings.mode != JudgeMode::off;
  LlmJudgeConfig& llm = settings.llm;

  const std::string protocol = fields.string("protocol").value_or("anthropic");
  if (protocol == "anthropic") {
    llm.protocol = LlmJudgeConfig::Protocol::anthropic;
  } else if (protocol == "openai") {
    llm.protocol = LlmJudgeConfig::Protocol::openai;
  } else {
    fields.fail("protocol", "\"anthropic\" or \"openai\"", "\"" + protocol + "\"");
  }

  llm.endpoint = fields.string("endpoint")
                     .value_or(std::string(llm.protocol == LlmJudgeConfig::Protocol::openai
                                               ? kOpenAiChatCompletionsEndpoint
                                               : kAnthropicMessagesEndpoint));
  if (!llm.endpoint.starts_with("http://") && !llm.endpoint.starts_with("https://")) {
    fields.fail("endpoint", "an http:// or https:// URL", "\"" + llm.endpoint + "\"");
  }

  if (auto model = fields.string("model")) {
    llm.model = std::move(*model);
  } else if (needed) {
    fields.fail("model", "the model's name (e.g. a small fast one)", "nothing");
  }

  if (auto key_file = fields.string("api_key_file")) {
    std::filesystem::path path(*key_file);
    llm.api_key_file = path.is_absolute() ? path : base_dir / path;
  } else if (needed) {
    fields.fail("api_key_file", "the path of a 0600 file that holds the API key", "nothing");
  }

  if (const json* timeout = fields.find("timeout_s")) {
    if (!timeout->is_number())
      fields.fail("timeout_s", "a number of seconds", json_type_name(*timeout));
    const double seconds = timeout->get<double>();
    if (!std::isfinite(seconds) || seconds <= 0 || seconds > 300) {
      fields.fail("timeout_s", "more than 0 and at most 300 seconds", timeout->dump());
    }
    llm.timeout = std::chrono::milliseconds(static_cast<long>(std::ceil(seconds * 1000)));
  }

  if (const json* tokens = fields.find("max_tokens")) {
    if (!tokens->is_number_integer()) {
      fields.fail("max_tokens", "an integer", json_type_name(*tokens));
    }
    const long count = tokens->get<long>();
    if (count < 16 || count > 4096) fields.fail("max_tokens", "16 to 4096", tokens->dump());
    llm.max_tokens = static_cast<int>(count);
  }
  return settings;
}

LlmJudgeConfig parse_judge_config(const json& block, const std::filesystem::path& base_dir,
                                  std::string_view source) {
  return parse_judge_settings(block, base_dir, source).llm;
}

}  // namespace tas
