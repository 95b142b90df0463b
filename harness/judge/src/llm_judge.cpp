#include <cctype>

#include "llm_protocol.hpp"
#include "text_excerpt.hpp"
#include <fmt/format.h>

#include <tas/core/errors.hpp>
#include <tas/core/private_file.hpp>
#include <tas/core/redaction.hpp>
#include <tas/judge/judge_prompt.hpp>
#include <tas/judge/judge_verdict.hpp>
#include <tas/judge/llm_judge.hpp>

namespace tas {
namespace {

using Clock = std::chrono::steady_clock;
using Outcome = JudgeAnswer::Outcome;

constexpr std::string_view kKeyFileName = "the API key file";

// A provider's error may quote part of the key it was given ("Incorrect API key provided:
// sk-ab***yz"); a fragment is still the key's, so every word that starts like a key goes too.
std::string mask_key_fragments(std::string text) {
  for (std::size_t at = text.find("sk-"); at != std::string::npos; at = text.find("sk-", at)) {
    if (at > 0 && (std::isalnum(static_cast<unsigned char>(text[at - 1])) != 0)) {
      at += 3;
      continue;
    }
    std::size_t end = at;
    while (end < text.size() && std::isspace(static_cast<unsigned char>(text[end])) == 0 &&
           text[end] != '"' && text[end] != ',' && text[end] != '\'') {
      ++end;
    }
    // A sentence's full stop after the fragment is not part of it.
    if (end > at + 3 && text[end - 1] == '.') --end;
    text.replace(at, end - at, Redactor::kMask);
    at += Redactor::kMask.size();
  }
  return text;
}

// What may be said of a text that came back from the provider: without the key, any fragment of
// a key, or any raw secret shape.
std::string clean(std::string text, const Redactor& redactor) {
  return redactor.redact(mask_key_fragments(std::move(text)));
}

JudgeAnswer trouble(Outcome outcome, std::string reason) {
  JudgeAnswer answer;
  answer.outcome = outcome;
  answer.reason = std::move(reason);
  return answer;
}

}  // namespace

LlmJudge::LlmJudge(LlmJudgeConfig config) : config_(std::move(config)) {
  if (config_.endpoint.empty() || config_.model.empty() || config_.api_key_file.empty()) {
    throw UsageError(
        "LLM judge: the configuration needs an endpoint, a model and an api_key_file (see "
        "docs/judge.md)");
  }
  if (config_.timeout.count() <= 0) {
    throw UsageError("LLM judge: the timeout must be more than 0 (see docs/judge.md)");
  }
  // Refused before the run starts rather than as every step's judge trouble.
  // A missing or empty file may still be filled before the first step asks; one others can read
  // will not become private by itself.
  if (const OneTokenFile key = read_one_token_file(config_.api_key_file, kKeyFileName);
      key.status == OneTokenFile::Status::unsafe) {
    throw UsageError(key.problem);
  }
}

std::string LlmJudge::describe() const {
  return fmt::format("LLM judge {} at {} ({})", config_.model, config_.endpoint,
                     to_string(config_.protocol));
}

JudgeAnswer LlmJudge::judge(const JudgeRequest& request) {
  const auto finish = [this](JudgeAnswer answer, Clock::duration latency,
                             const Redactor& redactor) {
    answer.latency = std::chrono::duration_cast<std::chrono::milliseconds>(latency);
    if (answer.model.empty()) answer.model = config_.model;
    answer.reason = clean(std::move(answer.reason), redactor);
    return answer;
  };

  Redactor redactor;
  OneTokenFile key = read_one_token_file(config_.api_key_file, kKeyFileName);
  if (key.status != OneTokenFile::Status::ok) {
    return finish(trouble(Outcome::unreachable, std::move(key.problem)), {}, redactor);
  }
  redactor.add_secret(key.token);

  HttpRequest http = judge_detail::build_judge_request(
      config_, key.token.reveal(), judge_system_prompt(), judge_user_prompt(request));
  const auto started = Clock::now();
  const HttpResponse response = http_request(http);
  const auto latency = Clock::now() - started;
  judge_detail::wipe_credentials(http);

  if (response.status == 0) {
    if (response.timed_out) {
      return finish(
          trouble(Outcome::timed_out, fmt::format("no answer from {} within {} ms",
                                                  config_.endpoint, config_.timeout.count())),
          latency, redactor);
    }
    return finish(trouble(Outcome::unreachable,
                          fmt::format("no answer from {}: {}", config_.endpoint, response.error)),
                  latency, redactor);
  }
  if (response.status < 200 || response.status > 299) {
    // Cleaned before it is cut: a key cut in half is no longer recognisable as the key.
    const std::string message =
        clean(judge_detail::provider_error_message(response.body), redactor);
    return finish(
        trouble(Outcome::unreachable,
                fmt::format(
                    "{} answered HTTP {}{}", config_.endpoint, response.status,
                    message.empty() ? std::string() : ": " + judge_detail::excerpt(message, 300))),
        latency, redactor);
  }

  const judge_detail::ProviderReply reply =
      judge_detail::read_provider_reply(config_.protocol, response.body);
  if (!reply.has_text) {
    JudgeAnswer answer = trouble(
        Outcome::garbage, fmt::format("{}; it began: \"{}\"", reply.problem,
                                      judge_detail::excerpt(clean(response.body, redactor))));
    answer.model = reply.model;
    return finish(std::move(answer), latency, redactor);
  }
  JudgeAnswer answer = parse_judge_verdict(reply.text);
  answer.model = reply.model;
  return finish(std::move(answer), latency, redactor);
}

}  // namespace tas
