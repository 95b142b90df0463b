#include <stdexcept>

#include <fmt/format.h>

#include <tas/fake/fake_llm_behaviour.hpp>

namespace tas::fake {

FakeLlmBehaviour FakeLlmBehaviour::verdict(bool proceed, std::string reason) {
  FakeLlmBehaviour behaviour;
  behaviour.proceed = proceed;
  behaviour.reason = std::move(reason);
  return behaviour;
}

FakeLlmBehaviour FakeLlmBehaviour::raw_text(std::string text) {
  FakeLlmBehaviour behaviour;
  behaviour.kind = Kind::raw;
  behaviour.text = std::move(text);
  return behaviour;
}

FakeLlmBehaviour FakeLlmBehaviour::without_reason(bool proceed) {
  FakeLlmBehaviour behaviour;
  behaviour.kind = Kind::no_reason;
  behaviour.proceed = proceed;
  return behaviour;
}

FakeLlmBehaviour FakeLlmBehaviour::http_status(int status, std::string message) {
  FakeLlmBehaviour behaviour;
  behaviour.kind = Kind::http_error;
  behaviour.status = status;
  behaviour.text = std::move(message);
  return behaviour;
}

FakeLlmBehaviour FakeLlmBehaviour::after(std::chrono::milliseconds wait) const {
  FakeLlmBehaviour behaviour = *this;
  behaviour.delay = wait;
  return behaviour;
}

FakeLlmBehaviour FakeLlmBehaviour::from_json(const nlohmann::json& script) {
  const auto fail = [&](std::string_view what) -> FakeLlmBehaviour {
    throw std::invalid_argument(
        fmt::format("fake LLM behaviour {}: {} (expected {{\"proceed\", \"reason\"}}, "
                    "{{\"raw\"}}, {{\"proceed\", \"no_reason\": true}} or {{\"status\", "
                    "\"message\"}}, each with an optional \"delay_ms\")",
                    script.dump(), what));
  };
  if (!script.is_object()) return fail("not an object");
  try {
    return from_object(script);
  } catch (const nlohmann::json::exception&) {
    return fail("a member has the wrong type");
  }
}

FakeLlmBehaviour FakeLlmBehaviour::from_object(const nlohmann::json& script) {
  const auto fail = [&](std::string_view what) -> FakeLlmBehaviour {
    throw std::invalid_argument(fmt::format("fake LLM behaviour {}: {}", script.dump(), what));
  };
  FakeLlmBehaviour behaviour;
  if (script.contains("status")) {
    if (!script["status"].is_number_integer()) return fail("\"status\" is not an integer");
    const int status = script["status"].get<int>();
    if (status < 100 || status > 599) return fail("\"status\" is not an HTTP status");
    behaviour = http_status(status, script.value("message", std::string()));
  } else if (script.contains("raw")) {
    if (!script["raw"].is_string()) return fail("\"raw\" is not a string");
    behaviour = raw_text(script["raw"].get<std::string>());
  } else {
    const bool proceed = script.value("proceed", true);
    if (script.value("no_reason", false)) {
      behaviour = without_reason(proceed);
    } else {
      behaviour = verdict(proceed, script.value("reason", std::string("looks fine")));
    }
  }
  if (script.contains("delay_ms")) {
    if (!script["delay_ms"].is_number_integer() || script["delay_ms"].get<long>() < 0) {
      return fail("\"delay_ms\" is not a non-negative integer");
    }
    behaviour.delay = std::chrono::milliseconds(script["delay_ms"].get<long>());
  }
  return behaviour;
}

}  // namespace tas::fake
