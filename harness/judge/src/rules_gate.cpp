#include <fmt/format.h>

#include <tas/core/secret_shapes.hpp>
#include <tas/evidence/bot_acquire_evidence.hpp>
#include <tas/evidence/deploy_evidence.hpp>
#include <tas/evidence/evidence_error.hpp>
#include <tas/evidence/round_trip_evidence.hpp>
#include <tas/evidence/start_evidence.hpp>
#include <tas/evidence/target_prep_evidence.hpp>
#include <tas/evidence/teardown_evidence.hpp>
#include <tas/evidence/verify_evidence.hpp>
#include <tas/judge/rules_gate.hpp>

namespace tas {
namespace {

using nlohmann::json;
using Problem = std::optional<std::string>;
using Judgement = RulesGate::Judgement;

constexpr std::string_view kShapeRule = "evidence has every key, each of its type";
constexpr std::string_view kSecretRule = "no raw secret in the evidence or the detail";

template <class Evidence>
struct Rule {
  std::string name;
  std::function<Problem(const Evidence&)> check;
};

// The evidence read back into its struct once, then every rule over the struct. Evidence that
// does not read back is refused by the shape rule alone: the others would judge defaults.
template <class Evidence>
RulesGate::StepRules rules_over(std::vector<Rule<Evidence>> rules) {
  return [rules = std::move(rules)](const json& evidence) {
    std::vector<Judgement> judged;
    Evidence typed;
    try {
      typed = evidence.get<Evidence>();
    } catch (const EvidenceError& error) {
      judged.push_back({std::string(kShapeRule), error.what()});
      return judged;
    }
    judged.push_back({std::string(kShapeRule), std::nullopt});
    for (const Rule<Evidence>& rule : rules)
      judged.push_back({rule.name, rule.check(typed)});
    return judged;
  };
}

// How a value is shown in a problem: as JSON, null for an absent one.
template <class T>
std::string shown(const std::optional<T>& value) {
  return value ? json(*value).dump() : std::string("null");
}

template <class T>
Problem equals(std::string_view pointer, const std::optional<T>& value, const T& expected) {
  if (value == expected) return std::nullopt;
  return fmt::format("{} is {} (expected {})", pointer, shown(value), json(expected).dump());
}

Problem is_sha256(std::string_view pointer, const std::optional<std::string>& value) {
  if (!value) return fmt::format("{} is null", pointer);
  if (value->size() != 64 || value->find_first_not_of("0123456789abcdef") != std::string::npos) {
    return fmt::format("{} is not 64 lowercase hex digits", pointer);
  }
  return std::nullopt;
}

Problem is_absolute_path(std::string_view pointer, const std::optional<std::string>& value) {
  if (!value || !value->starts_with("/"))
    return fmt::format("{} is not an absolute path: {}", pointer, shown(value));
  return std::nullopt;
}

Problem is_port(std::string_view pointer, const std::optional<std::int64_t>& value) {
  if (!value || *value < 1 || *value > 65535)
    return fmt::format("{} is not a TCP port: {}", pointer, shown(value));
  return std::nullopt;
}

Problem every_command_succeeded(std::string_view pointer, const std::vector<CommandRun>& runs) {
  for (std::size_t i = 0; i < runs.size(); ++i) {
    if (!runs[i].success()) return fmt::format("{}/{}: {}", pointer, i, runs[i].describe());
  }
  return std::nullopt;
}

// The engine redacted both before any gate sees them; a shape left means that redaction failed,
// and what the gate passes may go on to a judge outside the process.
Problem no_secret_shape(const std::string& detail, const json& evidence) {
  if (const auto match = find_secret_shape(evidence.dump())) {
    return fmt::format("the evidence contains what looks like a raw {}", match->kind);
  }
  if (const auto match = find_secret_shape(detail)) {
    return fmt::format("the step's detail contains what looks like a raw {}", match->kind);
  }
  return std::nullopt;
}

std::string topic_shown(const std::optional<std::int64_t>& topic) {
  return topic ? std::to_string(*topic) : std::string("none");
}

Problem reply_has_nonce(const RoundTripEvidence& e) {
  if (e.nonce.empty()) return std::string("/nonce is empty");
  if (!e.reply) return std::string("/reply is null: no reply came");
  if (e.reply->text.find(e.nonce) == std::string::npos)
    return std::string("the reply does not contain the nonce");
  return std::nullopt;
}

Problem reply_in_same_topic(const RoundTripEvidence& e) {
  if (!e.reply) return std::string("/reply is null: no reply came");
  if (e.reply->where.topic_id != e.chat.topic_id) {
    return fmt::format("the reply is in topic {} (asked in {})",
                       topic_shown(e.reply->where.topic_id), topic_shown(e.chat.topic_id));
  }
  return std::nullopt;
}

// A driver that cannot see 409s says so with null; one that can must have seen none.
Problem no_conflicts(const RoundTripEvidence& e) {
  if (e.conflicts && *e.conflicts != 0)
    return fmt::format("{} 409 Conflict(s) at the Bot API during the run", *e.conflicts);
  return std::nullopt;
}

Problem health_is_200(const StartEvidence& e) {
  if (!e.health) return std::string("/health is null: the step did not wait for health");
  return equals<std::int64_t>("/health/status", e.health->status, 200);
}

Problem lease_owned(const StartEvidence& e) {
  if (!e.lease) return std::string("/lease is null: the step did not wait for the lease");
  if (!e.lease->required) return std::nullopt;
  return equals<std::string>("/lease/decision", e.lease->decision, "owned");
}

Problem every_process_alive(const StartEvidence& e) {
  if (e.processes.empty()) return std::string("/processes is empty: nothing was started");
  for (std::size_t i = 0; i < e.processes.size(); ++i) {
    if (!e.processes[i].alive)
      return fmt::format("/processes/{} ({}) is not alive", i, e.processes[i].role);
  }
  return std::nullopt;
}

Problem demotion_line_seen(const StartEvidence& e) {
  if (!e.demotion_probe) return std::string("/demotion_probe is null: the probe did not run");
  if (e.demotion_probe->exercised && !e.demotion_probe->line_seen)
    return std::string("/demotion_probe/line_seen is false (expected true)");
  return std::nullopt;
}

Problem home_gone_or_kept(const TeardownEvidence& e) {
  if (e.kept || !e.home_was_created || e.home_removed) return std::nullopt;
  if (e.home_how == "adopted")
    return std::string("the directory the run was given was not emptied");
  if (e.home_how == "resumed") return std::string("the kept home the run resumed was not removed");
  return std::string("the home the run created was not removed");
}

}  // namespace

RulesGate::RulesGate() {
  rules_[StepId::bot_acquire] = rules_over<BotAcquireEvidence>({
      {"token hash recorded",
       [](const BotAcquireEvidence& e) { return is_sha256("/token_sha256", e.token_sha256); }},
  });
  rules_[StepId::target_prep] = rules_over<TargetPrepEvidence>({
      {"home is an absolute path",
       [](const TargetPrepEvidence& e) { return is_absolute_path("/home", e.home); }},
      {"home has mode 0700",
       [](const TargetPrepEvidence& e) { return equals<std::string>("/mode", e.mode, "0700"); }},
      {"marker written",
       [](const TargetPrepEvidence& e) { return is_absolute_path("/marker", e.marker); }},
      {"port allocated",
       [](const TargetPrepEvidence& e) -> Problem {
         // null: the agent's config names the port, and deploy must find it there.
         if (!e.port) return std::nullopt;
         return is_port("/port", e.port);
       }},
      {"token file has mode 0600",
       [](const TargetPrepEvidence& e) -> Problem {
         if (!e.token_file) return std::nullopt;  // no bot, so no token file
         return equals<std::string>("/token_file_mode", e.token_file->mode, "0600");
       }},
  });
  rules_[StepId::deploy] = rules_over<DeployEvidence>({
      {"dist linked",
       [](const DeployEvidence& e) { return is_absolute_path("/dist_link", e.dist_link); }},
      {"every command succeeded",
       [](const DeployEvidence& e) { return every_command_succeeded("/commands", e.commands); }},
      {"port known", [](const DeployEvidence& e) { return is_port("/port", e.port); }},
  });
  rules_[StepId::start] = rules_over<StartEvidence>({
      {"health is 200", health_is_200},
      {"lease owned", lease_owned},
      {"every process alive", every_process_alive},
      {"demotion line seen", demotion_line_seen},
  });
  rules_[StepId::round_trip] = rules_over<RoundTripEvidence>({
      {"reply contains the nonce", reply_has_nonce},
      {"reply in the same chat topic", reply_in_same_topic},
      {"no 409 Conflict", no_conflicts},
  });
  rules_[StepId::verify] = rules_over<VerifyEvidence>({
      {"every check passed", [](const VerifyEvidence& e) { return e.problem(); }},
  });
  rules_[StepId::teardown] = rules_over<TeardownEvidence>({
      {"nothing left running",
       [](const TeardownEvidence& e) {
         return equals<std::int64_t>("/alive_after", e.alive_after, 0);
       }},
      {"home removed unless kept", home_gone_or_kept},
      {"every hook succeeded",
       [](const TeardownEvidence& e) { return every_command_succeeded("/hooks", e.hooks); }},
  });
}

GateVerdict RulesGate::judge(StepId step, const StepOutcome& outcome) {
  std::vector<Judgement> judged = rules_.at(step)(outcome.evidence);
  judged.push_back({std::string(kSecretRule), no_secret_shape(outcome.detail, outcome.evidence)});

  GateVerdict verdict;
  json checked = json::array();
  for (const Judgement& judgement : judged) {
    const Problem& problem = judgement.problem;
    checked.push_back({{"rule", judgement.rule},
                       {"ok", !problem},
                       {"problem", problem ? json(*problem) : json(nullptr)}});
    if (problem && verdict.proceed) {
      verdict.proceed = false;
      verdict.reason = fmt::format("rule '{}': {}", judgement.rule, *problem);
    }
  }
  verdict.record = {
      {"rules", {{"proceed", verdict.proceed}, {"reason", verdict.reason}, {"checks", checked}}},
      {"judge", nullptr}};
  return verdict;
}

}  // namespace tas
