#pragma once

#include <ostream>

namespace tas::cli {

// `test-as-self cleanup`: ends what runs killed by SIGKILL (a CTest timeout, say) left running,
// and removes their token files and homes (not a --keep run's home), from the process registry.
// Prints what it did; exits 0 when nothing is left, 1 naming each process that could not be ended
// and each run file that could not be read (with what is wrong with it).
int run_cleanup(std::ostream& out, std::ostream& err);

}  // namespace tas::cli
