#include <fmt/format.h>

#include <tas/rules_gate.hpp>
#include <tas/secret_shapes.hpp>

namespace tas {
namespace {

using nlohmann::json;
using Check = RulesGate::Check;
using Problem = std::optional<std::string>;

const json* at(const json& evidence, std::string_view pointer) {
  const json::json_pointer path{std::string(pointer)};
  return evidence.contains(path) ? &evidence.at(path) : nullptr;
}

Check equals(std::string pointer, json expected) {
  return [pointer = std::move(pointer), expected = std::move(expected)](const json& e) -> Problem {
    const json* value = at(e, pointer);
    if (value == nullptr)
      return fmt::format("{} is missing (expected {})", pointer, expected.dump());
    if (*value != expected)
      return fmt::format("{} is {} (expected {})", pointer, value->dump(), expected.dump());
    return std::nullopt;
  };
}

Check is_sha256(std::string pointer) {
  return [pointer = std::move(pointer)](const json& e) -> Problem {
    const json* value = at(e, pointer);
    if (value == nullptr || !value->is_string()) return fmt::format("{} is missing", pointer);
    const auto& text = value->get_ref<const std::string&>();
    if (text.size() != 64 || text.find_first_not_of("0123456789abcdef") != std::string::npos) {
      return fmt::format("{} is not 64 lowercase hex digits", pointer);
    }
    return std::nullopt;
  };
}

Check is_absolute_path(std::string pointer) {
  return [pointer = std::move(pointer)](const json& e) -> Problem {
    const json* value = at(e, pointer);
    if (value == nullptr || !value->is_string() ||
        !value->get_ref<const std::string&>().starts_with("/")) {
      return fmt::format("{} is not an absolute path", pointer);
    }
    return std::nullopt;
  };
}

Check is_port(std::string pointer, bool may_be_null) {
  return [pointer = std::move(pointer), may_be_null](const json& e) -> Problem {
    const json* value = at(e, pointer);
    if ((value == nullptr || value->is_null()) && may_be_null) return std::nullopt;
    if (value == nullptr || !value->is_number_integer() || value->get<long>() < 1 ||
        value->get<long>() > 65535) {
      return fmt::format("{} is not a TCP port", pointer);
    }
    return std::nullopt;
  };
}

// Every element of the array at `pointer` satisfies `check`.
Check each(std::string pointer, Check check) {
  return [pointer = std::move(pointer), check = std::move(check)](const json& e) -> Problem {
    const json* list = at(e, pointer);
    if (list == nullptr) return std::nullopt;
    if (!list->is_array()) return fmt::format("{} is not a list", pointer);
    for (std::size_t i = 0; i < list->size(); ++i) {
      if (Problem problem = check((*list)[i]))
        return fmt::format("{}[{}]: {}", pointer, i, *problem);
    }
    return std::nullopt;
  };
}

// `check` applies only when the boolean at `condition` is true.
Check when(std::string condition, Check check) {
  return [condition = std::move(condition), check = std::move(check)](const json& e) -> Problem {
    const json* flag = at(e, condition);
    if (flag == nullptr || !flag->is_boolean() || !flag->get<bool>()) return std::nullopt;
    return check(e);
  };
}

// `check` applies only when the value at `pointer` is present and not null.
Check when_present(std::string pointer, Check check) {
  return [pointer = std::move(pointer), check = std::move(check)](const json& e) -> Problem {
    const json* value = at(e, pointer);
    if (value == nullptr || value->is_null()) return std::nullopt;
    return check(e);
  };
}

Problem no_secret_shape(const json& evidence) {
  if (const auto match = find_secret_shape(evidence.dump())) {
    return fmt::format("the evidence contains what looks like a raw {}", match->kind);
  }
  return std::nullopt;
}

Problem reply_has_nonce(const json& e) {
  const json* nonce = at(e, "/nonce");
  const json* text = at(e, "/reply/text");
  if (nonce == nullptr || !nonce->is_string() || nonce->get_ref<const std::string&>().empty()) {
    return std::string("/nonce is missing");
  }
  if (text == nullptr || !text->is_string()) return std::string("/reply/text is missing");
  if (text->get_ref<const std::string&>().find(nonce->get_ref<const std::string&>()) ==
      std::string::npos) {
    return std::string("the reply does not contain the nonce");
  }
  return std::nullopt;
}

Problem reply_in_same_topic(const json& e) {
  const json* asked = at(e, "/chat/topic_id");
  const json* answered = at(e, "/reply/topic_id");
  const json none = nullptr;
  if ((asked ? *asked : none) != (answered ? *answered : none)) {
    return fmt::format("the reply is in topic {} (asked in {})",
                       answered ? answered->dump() : "none", asked ? asked->dump() : "none");
  }
  return std::nullopt;
}

Problem no_conflicts(const json& e) {
  const json* conflicts = at(e, "/conflicts");
  if (conflicts != nullptr && conflicts->is_number_integer() && conflicts->get<long>() != 0) {
    return fmt::format("{} 409 Conflict(s) at the Bot API during the run", conflicts->get<long>());
  }
  return std::nullopt;
}

Problem all_checks_ok(const json& e) {
  const json* checks = at(e, "/checks");
  if (checks == nullptr || !checks->is_array() || checks->empty())
    return std::string("/checks is empty");
  for (const json& check : *checks) {
    if (!check.contains("ok") || check["ok"] != true) {
      return fmt::format("check '{}' did not pass", check.value("name", std::string("?")));
    }
  }
  return std::nullopt;
}

Problem home_gone_or_kept(const json& e) {
  const json* kept = at(e, "/kept");
  const json* had_home = at(e, "/home_was_created");
  const json* removed = at(e, "/home_removed");
  if (kept != nullptr && *kept == true) return std::nullopt;
  if (had_home != nullptr && *had_home == true && (removed == nullptr || *removed != true)) {
    const json* how = at(e, "/home_how");
    if (how != nullptr && *how == "adopted")
      return std::string("the directory the run was given was not emptied");
    if (how != nullptr && *how == "resumed")
      return std::string("the kept home the run resumed was not removed");
    return std::string("the home the run created was not removed");
  }
  return std::nullopt;
}

}  // namespace

RulesGate::RulesGate() {
  rules_[StepId::bot_acquire] = {
      {"token hash recorded", is_sha256("/token_sha256")},
  };
  rules_[StepId::target_prep] = {
      {"home is an absolute path", is_absolute_path("/home")},
      {"home has mode 0700", equals("/mode", "0700")},
      {"marker written", is_absolute_path("/marker")},
      {"port allocated", is_port("/port", true)},
      {"token file has mode 0600", when_present("/token_file", equals("/token_file_mode", "0600"))},
  };
  rules_[StepId::deploy] = {
      {"dist linked", is_absolute_path("/dist_link")},
      {"every command succeeded", each("/commands", equals("/exit/success", true))},
      {"port known", is_port("/port", false)},
  };
  rules_[StepId::start] = {
      {"health is 200", equals("/health/status", 200)},
      {"lease owned", when("/lease/required", equals("/lease/decision", "owned"))},
      {"every process alive", each("/processes", equals("/alive", true))},
      {"demotion line seen",
       when("/demotion_probe/exercised", equals("/demotion_probe/line_seen", true))},
  };
  rules_[StepId::round_trip] = {
      {"reply contains the nonce", reply_has_nonce},
      {"reply in the same chat topic", reply_in_same_topic},
      {"no 409 Conflict", no_conflicts},
  };
  rules_[StepId::verify] = {
      {"verifier ok", equals("/ok", true)},
      {"every check passed", all_checks_ok},
  };
  rules_[StepId::teardown] = {
      {"nothing left running", equals("/alive_after", 0)},
      {"home removed unless kept", home_gone_or_kept},
      {"every hook succeeded", each("/hooks", equals("/exit/success", true))},
  };
  for (auto& [step, rules] : rules_)
    rules.push_back({"no raw secret in the evidence", no_secret_shape});
}

const std::vector<RulesGate::Rule>& RulesGate::rules_for(StepId step) const {
  return rules_.at(step);
}

GateVerdict RulesGate::judge(StepId step, const StepOutcome& outcome) {
  GateVerdict verdict;
  json checked = json::array();
  for (const Rule& rule : rules_for(step)) {
    const Problem problem = rule.check(outcome.evidence);
    checked.push_back({{"rule", rule.name},
                       {"ok", !problem},
                       {"problem", problem ? json(*problem) : json(nullptr)}});
    if (problem && verdict.proceed) {
      verdict.proceed = false;
      verdict.reason = fmt::format("rule '{}': {}", rule.name, *problem);
    }
  }
  verdict.record = {
      {"rules", {{"proceed", verdict.proceed}, {"reason", verdict.reason}, {"checks", checked}}},
      {"judge", nullptr}};
  return verdict;
}

}  // namespace tas
