#include "passing_evidence.hpp"

namespace tas::test {

using nlohmann::json;

json passing_evidence(StepId step) {
  const std::string hash(64, 'a');
  switch (step) {
    case StepId::bot_acquire:
      return {{"source", "local Secret Drop store"},
              {"how", "retrieved"},
              {"token_sha256", hash},
              {"bot", {{"id", 7777777}, {"username", "agent_bot"}}}};
    case StepId::target_prep:
      return {{"home", "/tmp/tas/home"},
              {"mode", "0700"},
              {"marker", "/tmp/tas/home/.test-as-self-home"},
              {"port", 4312},
              {"token_file", "/tmp/tas/home/bot-token"},
              {"token_file_mode", "0600"}};
    case StepId::deploy:
      return {{"dist_link", "/tmp/tas/home/dist"},
              {"port", 4312},
              {"commands", {{{"name", "rebuild"}, {"exit", {{"success", true}}}}}}};
    case StepId::start:
      return {{"health", {{"status", 200}, {"after_ms", 120}}},
              {"lease", {{"required", true}, {"decision", "owned"}, {"after_ms", 900}}},
              {"processes",
               {{{"role", "server"}, {"alive", true}}, {{"role", "lifeline"}, {"alive", true}}}},
              {"demotion_probe", {{"exercised", true}, {"line_seen", true}}}};
    case StepId::round_trip:
      return {{"nonce", "n0nce42"},
              {"chat", {{"chat_id", -1001}, {"topic_id", 7}}},
              {"reply", {{"text", "echo: test-as-self n0nce42"}, {"topic_id", 7}}},
              {"latency_ms", 840},
              {"conflicts", 0}};
    case StepId::verify:
      return {{"ok", true}, {"checks", {{{"name", "lease"}, {"ok", true}}}}};
    case StepId::teardown:
      return {{"alive_after", 0},
              {"kept", false},
              {"home_was_created", true},
              {"home_removed", true},
              {"hooks", json::array()}};
  }
  return json::object();
}

}  // namespace tas::test
