#pragma once

#include <optional>
#include <string>
#include <vector>

#include <tas/core/wait.hpp>
#include <tas/engine/run_context.hpp>
#include <tas/evidence/start_evidence.hpp>

namespace tas {

// The children as the report shows them.
[[nodiscard]] std::vector<ProcessEvidence> describe_children(RunContext& context);

// The last lines a child wrote (stderr, and stdout when stderr is empty), for failure details.
[[nodiscard]] std::string output_tail(RunContext& context, const Process& process,
                                      std::size_t bytes);

// The way `child` ended, when it died of a signal that was not teardown's own (SIGTERM or SIGKILL
// while `was_running` at teardown) and no step has reported it yet: a problem naming the signal
// and its last output. Marks the end reported. Call once teardown has set child.final_status.
[[nodiscard]] std::optional<std::string> unreported_crash(RunContext& context, RunChild& child,
                                                          bool was_running);

}  // namespace tas
