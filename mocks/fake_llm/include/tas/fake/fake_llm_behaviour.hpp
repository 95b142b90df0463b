#pragma once

#include <chrono>
#include <string>

#include <nlohmann/json.hpp>

namespace tas::fake {

// What the fake LLM answers for one step. Each kind is one way a real judge can behave:
//
//   verdict     {"proceed": <proceed>, "reason": <reason>} as the model's text (the default:
//               proceed, "looks fine")
//   raw         `text` as the model's text, verbatim (garbage, a fenced verdict, prose…)
//   no_reason   {"proceed": <proceed>} — a verdict without a reason
//   http_error  HTTP `status` in the provider's error shape, with `text` as its message
//
// Any kind may first wait `delay` (longer than a client's timeout, to make it time out). The wait
// is on a condition variable: stopping the server ends it at once.
struct FakeLlmBehaviour {
  enum class Kind { verdict, raw, no_reason, http_error };

  Kind kind = Kind::verdict;
  bool proceed = true;
  std::string reason = "looks fine";
  std::string text;
  int status = 500;
  std::chrono::milliseconds delay{0};

  [[nodiscard]] static FakeLlmBehaviour verdict(bool proceed, std::string reason);
  [[nodiscard]] static FakeLlmBehaviour raw_text(std::string text);
  [[nodiscard]] static FakeLlmBehaviour without_reason(bool proceed);
  [[nodiscard]] static FakeLlmBehaviour http_status(int status, std::string message = {});
  // This behaviour, after a wait.
  [[nodiscard]] FakeLlmBehaviour after(std::chrono::milliseconds wait) const;

  // The script form, one object per behaviour (what `fake-llm --script` reads):
  //   {"proceed": false, "reason": "…"}        verdict
  //   {"raw": "…"}                              raw text
  //   {"proceed": true, "no_reason": true}      verdict without a reason
  //   {"status": 503, "message": "…"}           HTTP error
  //   any of them with "delay_ms": N
  // Throws std::invalid_argument naming what is wrong.
  [[nodiscard]] static FakeLlmBehaviour from_json(const nlohmann::json& script);

 private:
  static FakeLlmBehaviour from_object(const nlohmann::json& script);
};

}  // namespace tas::fake
