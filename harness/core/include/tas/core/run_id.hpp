#pragma once

#include <string>

namespace tas {

// A new run id, "<pid>-<ms since epoch>-<8 random hex>": unique on the machine, a plain file name,
// and safe in an environment value. It names the run's process registry, marker and target lock.
[[nodiscard]] std::string new_run_id();

}  // namespace tas
