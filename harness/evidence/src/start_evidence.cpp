#include "fields.hpp"

#include <tas/evidence/start_evidence.hpp>

namespace tas {

using evidence_json::nullable;
using evidence_json::read_field;

void to_json(nlohmann::json& out, const HealthEvidence& health) {
  out = {{"url", health.url},
         {"status", health.status},
         {"error", health.error},
         {"after_ms", nullable(health.after_ms)},
         {"seen_at_us", nullable(health.seen_at_us)}};
}

void from_json(const nlohmann::json& in, HealthEvidence& health) {
  read_field(in, "url", health.url);
  read_field(in, "status", health.status);
  read_field(in, "error", health.error);
  read_field(in, "after_ms", health.after_ms);
  read_field(in, "seen_at_us", health.seen_at_us);
}

void to_json(nlohmann::json& out, const LeaseEvidence& lease) {
  out = {{"required", lease.required},
         {"path", lease.path},
         {"decision", nullable(lease.decision)},
         {"pid", nullable(lease.pid)},
         {"age_ms", nullable(lease.age_ms)},
         {"after_ms", nullable(lease.after_ms)},
         {"seen_at_us", nullable(lease.seen_at_us)}};
}

void from_json(const nlohmann::json& in, LeaseEvidence& lease) {
  read_field(in, "required", lease.required);
  read_field(in, "path", lease.path);
  read_field(in, "decision", lease.decision);
  read_field(in, "pid", lease.pid);
  read_field(in, "age_ms", lease.age_ms);
  read_field(in, "after_ms", lease.after_ms);
  read_field(in, "seen_at_us", lease.seen_at_us);
}

void to_json(nlohmann::json& out, const ProcessEvidence& process) {
  out = {{"role", process.role},
         {"pid", process.pid},
         {"process_group", process.process_group},
         {"argv", process.argv},
         {"stdout", process.stdout_file},
         {"stderr", process.stderr_file},
         {"alive", process.alive},
         {"exit", nullable(process.exit)},
         {"started_at_us", nullable(process.started_at_us)}};
}

void from_json(const nlohmann::json& in, ProcessEvidence& process) {
  read_field(in, "role", process.role);
  read_field(in, "pid", process.pid);
  read_field(in, "process_group", process.process_group);
  read_field(in, "argv", process.argv);
  read_field(in, "stdout", process.stdout_file);
  read_field(in, "stderr", process.stderr_file);
  read_field(in, "alive", process.alive);
  read_field(in, "exit", process.exit);
  read_field(in, "started_at_us", process.started_at_us);
}

void to_json(nlohmann::json& out, const DemotionProbeEvidence& probe) {
  out = {{"exercised", probe.exercised},
         {"reason", nullable(probe.reason)},
         {"pid", nullable(probe.pid)},
         {"port", nullable(probe.port)},
         {"log", nullable(probe.log)},
         {"pattern", nullable(probe.pattern)},
         {"line_seen", probe.line_seen},
         {"after_ms", nullable(probe.after_ms)},
         {"seen_at_us", nullable(probe.seen_at_us)},
         {"problem", nullable(probe.problem)}};
}

void from_json(const nlohmann::json& in, DemotionProbeEvidence& probe) {
  read_field(in, "exercised", probe.exercised);
  read_field(in, "reason", probe.reason);
  read_field(in, "pid", probe.pid);
  read_field(in, "port", probe.port);
  read_field(in, "log", probe.log);
  read_field(in, "pattern", probe.pattern);
  read_field(in, "line_seen", probe.line_seen);
  read_field(in, "after_ms", probe.after_ms);
  read_field(in, "seen_at_us", probe.seen_at_us);
  read_field(in, "problem", probe.problem);
}

void to_json(nlohmann::json& out, const StartEvidence& evidence) {
  out = {{"hooks", evidence.hooks},
         {"waited_ms", nullable(evidence.waited_ms)},
         {"health", nullable(evidence.health)},
         {"lease", nullable(evidence.lease)},
         {"processes", evidence.processes},
         {"demotion_probe", nullable(evidence.demotion_probe)}};
}

void from_json(const nlohmann::json& in, StartEvidence& evidence) {
  read_field(in, "hooks", evidence.hooks);
  read_field(in, "waited_ms", evidence.waited_ms);
  read_field(in, "health", evidence.health);
  read_field(in, "lease", evidence.lease);
  read_field(in, "processes", evidence.processes);
  read_field(in, "demotion_probe", evidence.demotion_probe);
}

}  // namespace tas
