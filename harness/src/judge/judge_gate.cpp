#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include <tas/backends/judge_gate.hpp>
#include <tas/errors.hpp>
#include <tas/rules_gate.hpp>
#include <tas/supervised_gate.hpp>

namespace tas {

JudgeSettings load_judge_settings(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) {
    throw UsageError(
        fmt::format("cannot read the judge configuration '{}' (--judge-config): check the path",
                    file.string()));
  }
  std::stringstream content;
  content << in.rdbuf();
  const nlohmann::json block = nlohmann::json::parse(content.str(), nullptr, false);
  if (block.is_discarded()) {
    throw UsageError(
        fmt::format("the judge configuration '{}' is not JSON: expected an object like {{\"mode\": "
                    "\"advisory\", \"model\": …}} (docs/judge.md)",
                    file.string()));
  }
  return parse_judge_settings(block, std::filesystem::absolute(file).parent_path(), file.string());
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
