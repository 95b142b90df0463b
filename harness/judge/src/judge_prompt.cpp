#include "text_excerpt.hpp"
#include <fmt/format.h>

#include <tas/core/redaction.hpp>
#include <tas/judge/judge_prompt.hpp>

namespace tas {
namespace {

using nlohmann::json;

// The answer format, said the same way in both prompts.
// Two literal examples rather than a schema: a model copies what it is shown.
constexpr std::string_view kAnswerFormat =
    R"({"proceed": true, "reason": "<one sentence>"} or )"
    R"({"proceed": false, "reason": "<one sentence naming the problem>"})";

// A step's own summary is one line; a longer one is cut.
constexpr std::size_t kDetailCap = 2000;

// Long strings (log tails, mostly) are cut to this many bytes, keeping their end, before the
// whole evidence is cut at kJudgeEvidenceCap.
constexpr std::size_t kLongString = 1024;

std::string pretty(const json& document) {
  // Log tails may hold invalid UTF-8; a prompt must still be valid JSON text when it is sent.
  return document.dump(2, ' ', false, json::error_handler_t::replace);
}

json shorten_long_strings(const json& document) {
  switch (document.type()) {
    case json::value_t::string: {
      const auto& text = document.get_ref<const std::string&>();
      if (text.size() <= kLongString) return document;
      const std::string_view end = judge_detail::utf8_suffix(text, kLongString);
      return fmt::format("[… {} earlier bytes cut …]{}", text.size() - end.size(), end);
    }
    case json::value_t::array: {
      json out = json::array();
      for (const json& item : document)
        out.push_back(shorten_long_strings(item));
      return out;
    }
    case json::value_t::object: {
      json out = json::object();
      for (const auto& [key, value] : document.items())
        out[key] = shorten_long_strings(value);
      return out;
    }
    default:
      return document;
  }
}

// The evidence as pretty JSON of at most about kJudgeEvidenceCap bytes.
std::string capped_evidence(const json& evidence) {
  std::string text = pretty(evidence);
  if (text.size() <= kJudgeEvidenceCap) return text;
  text = pretty(shorten_long_strings(evidence));
  if (text.size() <= kJudgeEvidenceCap) return text;
  const std::size_t whole = text.size();
  text = std::string(judge_detail::utf8_prefix(text, kJudgeEvidenceCap));
  text += fmt::format("\n[… evidence truncated: {} of {} bytes shown …]", text.size(), whole);
  return text;
}

}  // namespace

StepGuide step_guide(StepId step) {
  switch (step) {
    case StepId::bot_acquire:
      return {
          "get the test bot's token into the harness's memory (from Secret Drop) without it "
          "ever touching argv, the environment, logs or chat.",
          "token_sha256 is 64 hex digits; bot.id and bot.username come from getMe; the token "
          "itself appears nowhere."};
    case StepId::target_prep:
      return {"create the throwaway home and write a minimal agent config into it.",
              "home is an absolute path with mode \"0700\"; a marker file; an allocated port; the "
              "token file has mode \"0600\"; the config refers to the token file and never holds "
              "the token."};
    case StepId::deploy:
      return {
          "link the current build (dist) into the home and run the profile's rebuild/init "
          "commands there.",
          "dist_link is set; every command exited with success; a port is known; the "
          "commands' log tails show no errors."};
    case StepId::start:
      return {
          "start the agent's server with its no-poll flag and a lifeline as the only "
          "Telegram poller, and prove the lifeline owns the poll slot.",
          "health status 200; lease decision \"owned\" (a fresh lease carrying the token's "
          "SHA-256) when a lease is required; every process alive; when the demotion probe "
          "was exercised it saw the lease-detected line (line_seen true); plausible after_ms "
          "timings."};
    case StepId::round_trip:
      return {
          "act as a user: send a message carrying a nonce into the designated chat topic and "
          "wait for the agent's reply.",
          "a reply from the bot (from_bot true, from_id equal to bot_id) that contains the "
          "nonce, in the same chat and topic, after the message it answers; conflicts is 0 "
          "(no 409); a plausible latency_ms."};
    case StepId::verify:
      return {"run the deterministic verifier over the running deploy.",
              "ok is true and every check is ok: the lease well-formed, fresh and hash-only; no "
              "409; no crash signature in logs or stderr; every child alive or exited with a "
              "recorded status."};
    case StepId::teardown:
      return {"stop every process of the run and clean up what it created.",
              "alive_after is 0; every hook succeeded; the token file was removed; the home was "
              "removed unless kept."};
  }
  return {"(unknown step)", "(unknown)"};
}

std::string judge_system_prompt() {
  std::string steps;
  for (const StepId step : kAllSteps) {
    const StepGuide guide = step_guide(step);
    steps += fmt::format("{} {} — for: {} Passing: {}\n", number_of(step), name_of(step),
                         guide.purpose, guide.passing);
  }
  return fmt::format(
      "You are the supervising judge of test-as-self, a test harness that deploys a build of a "
      "chat agent (an HTTP server plus a \"lifeline\" process that alone long-polls Telegram) "
      "into a throwaway home, talks to it as a real user would, checks it and tears it down. "
      "The run has seven gated steps; after each, you read the step's evidence and say whether "
      "the run should go on.\n"
      "\n"
      "The steps, what each is for, and what passing evidence looks like:\n"
      "{}"
      "\n"
      "Deterministic rules have already checked and passed the evidence you are shown. Your job "
      "is to notice what fixed rules miss: fields that contradict each other, suspicious timings "
      "(zero or negative durations, a reply before its message, a lease older than the run), "
      "warnings, errors, stack traces or crash lines in log tails, and anything suggesting the "
      "step passed for the wrong reason. Secrets appear as [REDACTED]; that is expected. Do not "
      "stop a run over style, missing optional fields, or what you merely cannot confirm: answer "
      "\"proceed\": false only for a concrete problem the evidence shows, and name it.\n"
      "\n"
      "Answer with exactly one JSON object and nothing else — no prose, no code fence:\n"
      "{}\n",
      steps, kAnswerFormat);
}

std::string judge_user_prompt(const JudgeRequest& request) {
  // The judge's way out of the process, usable without the engine: whatever the caller did, no
  // raw secret shape leaves in the prompt (docs/architecture.md, 'Where secrets are redacted').
  const Redactor redactor;
  const StepGuide guide = step_guide(request.step);
  return fmt::format(
      "Step: {} {}\n"
      "Purpose: {}\n"
      "Passing evidence: {}\n"
      "The step's own summary: {}\n"
      "The deterministic rules passed this evidence. Evidence (JSON, redacted):\n"
      "{}\n"
      "\n"
      "Answer with exactly one JSON object and nothing else: {}\n",
      number_of(request.step), name_of(request.step), guide.purpose, guide.passing,
      judge_detail::one_line(redactor.redact(request.detail), kDetailCap),
      capped_evidence(redactor.redact_json(request.evidence)), kAnswerFormat);
}

}  // namespace tas
