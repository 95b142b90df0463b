#include "fields.hpp"
#include <fmt/format.h>

#include <tas/evidence/verify_evidence.hpp>

namespace tas {

using evidence_json::read_field;

std::optional<std::string> VerifyEvidence::problem() const {
  if (checks.empty()) return std::string("the verifier ran no checks");
  std::optional<std::string> first;
  std::size_t failed = 0;
  for (const VerifyCheck& check : checks) {
    if (check.ok) continue;
    if (failed++ == 0) first = fmt::format("{}: {}", check.name, check.detail);
  }
  if (failed > 1) *first += fmt::format(" (and {} more failed check(s))", failed - 1);
  return first;
}

void to_json(nlohmann::json& out, const VerifyCheck& check) {
  out = check.extra.is_object() ? check.extra : nlohmann::json::object();
  out["name"] = check.name;
  out["ok"] = check.ok;
  out["detail"] = check.detail;
}

void from_json(const nlohmann::json& in, VerifyCheck& check) {
  read_field(in, "name", check.name);
  read_field(in, "ok", check.ok);
  read_field(in, "detail", check.detail);
  check.extra = in;
  for (const char* key : {"name", "ok", "detail"})
    check.extra.erase(key);
}

void to_json(nlohmann::json& out, const ScannedLogEvidence& log) {
  out = {{"path", log.path},
         {"size", log.size},
         {"bytes_scanned", log.bytes_scanned},
         {"truncated", log.truncated}};
}

void from_json(const nlohmann::json& in, ScannedLogEvidence& log) {
  read_field(in, "path", log.path);
  read_field(in, "size", log.size);
  read_field(in, "bytes_scanned", log.bytes_scanned);
  read_field(in, "truncated", log.truncated);
}

void to_json(nlohmann::json& out, const VerifyEvidence& evidence) {
  out = {{"ok", !evidence.problem()},
         {"checks", evidence.checks},
         {"logs_scanned", evidence.logs_scanned}};
}

void from_json(const nlohmann::json& in, VerifyEvidence& evidence) {
  read_field(in, "checks", evidence.checks);
  read_field(in, "logs_scanned", evidence.logs_scanned);
}

}  // namespace tas
