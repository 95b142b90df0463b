#include "fields.hpp"

#include <tas/evidence/teardown_evidence.hpp>

namespace tas {

using evidence_json::nullable;
using evidence_json::read_field;

void to_json(nlohmann::json& out, const StoppedProcessEvidence& process) {
  out = {{"role", process.role},
         {"pid", process.pid},
         {"process_group", process.process_group},
         {"was_running", nullable(process.was_running)},
         {"exit", nullable(process.exit)},
         {"crashed", process.crashed},
         {"group_alive_after", process.group_alive_after}};
}

void from_json(const nlohmann::json& in, StoppedProcessEvidence& process) {
  read_field(in, "role", process.role);
  read_field(in, "pid", process.pid);
  read_field(in, "process_group", process.process_group);
  read_field(in, "was_running", process.was_running);
  read_field(in, "exit", process.exit);
  read_field(in, "crashed", process.crashed);
  read_field(in, "group_alive_after", process.group_alive_after);
}

void to_json(nlohmann::json& out, const TeardownEvidence& evidence) {
  out = {{"kept", evidence.kept},
         {"home_was_created", evidence.home_was_created},
         {"home_how", nullable(evidence.home_how)},
         {"stopped", evidence.stopped},
         {"hooks", evidence.hooks},
         {"strays", evidence.strays},
         {"alive_after", evidence.alive_after},
         {"token_file_removed", nullable(evidence.token_file_removed)},
         {"home_removed", evidence.home_removed},
         {"mode_restored", nullable(evidence.mode_restored)},
         {"kept_record", nullable(evidence.kept_record)},
         {"home", evidence.home},
         {"problems", evidence.problems}};
}

void from_json(const nlohmann::json& in, TeardownEvidence& evidence) {
  read_field(in, "kept", evidence.kept);
  read_field(in, "home_was_created", evidence.home_was_created);
  read_field(in, "home_how", evidence.home_how);
  read_field(in, "stopped", evidence.stopped);
  read_field(in, "hooks", evidence.hooks);
  read_field(in, "strays", evidence.strays);
  read_field(in, "alive_after", evidence.alive_after);
  read_field(in, "token_file_removed", evidence.token_file_removed);
  read_field(in, "home_removed", evidence.home_removed);
  read_field(in, "mode_restored", evidence.mode_restored);
  read_field(in, "kept_record", evidence.kept_record);
  read_field(in, "home", evidence.home);
  read_field(in, "problems", evidence.problems);
}

}  // namespace tas
