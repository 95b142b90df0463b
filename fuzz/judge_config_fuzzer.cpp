// The LLM judge's configuration (--judge-config), from its bytes.
#include "fuzz_support.hpp"

#include <tas/core/errors.hpp>
#include <tas/judge/judge_gate.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = tas::fuzz::as_text(data, size);
  try {
    const tas::JudgeSettings settings = tas::judge_settings_from_text(text, "/fuzz/judge.json");
    if (settings.llm.max_tokens < 1) tas::fuzz::broken("a judge with no tokens was accepted");
  } catch (const tas::UsageError& error) {
    tas::fuzz::check_message(error.what(), text);
  }
  return 0;
}
