#pragma once

#include <ostream>

namespace tas::cli {

// `test-as-self cleanup`: ends what runs killed by SIGKILL (a CTest timeout, say) left running,
// from the process registry. Prints what it did; exits 0 when nothing is left alive.
int run_cleanup(std::ostream& out, std::ostream& err);

}  // namespace tas::cli
