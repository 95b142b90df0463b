#include <tas/engine/redacting_progress.hpp>

namespace tas {

void RedactingProgress::step_finished(const StepResult& result) {
  StepResult redacted = result;
  redacted.detail = redactor_.redact(result.detail);
  redacted.evidence = redactor_.redact_json(result.evidence);
  sink_.step_finished(redacted);
}

}  // namespace tas
