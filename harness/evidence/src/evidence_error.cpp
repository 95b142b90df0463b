#include <tas/evidence/evidence_error.hpp>

namespace tas {
namespace {

std::string message(const std::string& pointer, const std::string& problem) {
  return pointer.empty() ? "the evidence " + problem : pointer + " " + problem;
}

// A key as a JSON pointer's reference token (RFC 6901): '~' and '/' escaped.
std::string reference_token(std::string_view key) {
  std::string token;
  for (const char c : key) {
    if (c == '~') {
      token += "~0";
    } else if (c == '/') {
      token += "~1";
    } else {
      token.push_back(c);
    }
  }
  return token;
}

}  // namespace

EvidenceError::EvidenceError(std::string pointer, std::string problem)
    : std::runtime_error(message(pointer, problem)),
      pointer_(std::move(pointer)),
      problem_(std::move(problem)) {}

EvidenceError EvidenceError::within(std::string_view key) const {
  return EvidenceError("/" + reference_token(key) + pointer_, problem_);
}

}  // namespace tas
