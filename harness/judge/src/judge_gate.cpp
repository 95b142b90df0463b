#include <fmt/format.h>

#include <tas/core/errors.hpp>
#include <tas/core/untrusted_file.hpp>
#include <tas/core/untrusted_json.hpp>
#include <tas/judge/judge_gate.hpp>
#include <tas/judge/rules_gate.hpp>
#include <tas/judge/supervised_gate.hpp>

namespace tas {

JudgeSettings load_judge_settings(const std::filesystem::path& file) {
  const UntrustedRead read =
      read_untrusted_file(file, "the judge configuration (--judge-config)", kMaxConfigFileBytes);
  if (!read.ok()) {
    throw UsageError(fmt::format("cannot read the judge configuration: {}", read.problem));
  }
  return judge_settings_from_text(read.content, file);
}

JudgeSettings judge_settings_from_text(std::string_view text, const std::filesystem::path& file) {
  const JsonParse parsed = parse_untrusted_json(text);
  if (!parsed.ok()) {
    throw UsageError(
        fmt::format("the judge configuration '{}' is not JSON ({}): expected an object like "
                    "{{\"mode\": \"advisory\", \"model\": …}} (docs/judge.md)",
                    file.string(), parsed.error->describe()));
  }
  return parse_judge_settings(parsed.value, std::filesystem::absolute(file).parent_path(),
                              file.string());
}

std::shared_ptr<Gate> make_gate(const JudgeSettings& settings) {
  if (settings.mode == JudgeMode::off) return std::make_shared<RulesGate>();
  return std::make_shared<SupervisedGate>(std::make_shared<LlmJudge>(settings.llm), settings.mode);
}

std::string describe_gate(const JudgeSettings& settings) {
  if (settings.mode == JudgeMode::off) return "rules only";
  return fmt::format("rules + LLM judge {} at {} ({}), {}", settings.llm.model,
                     settings.llm.endpoint, to_string(settings.llm.protocol),
                     to_string(settings.mode));
}

}  // namespace tas
