#pragma once

#include "log.hpp"

namespace tas::reference_agent {

// Blocks SIGTERM, SIGINT and SIGHUP in the calling thread, and so in every thread started after
// it, so that they are taken synchronously by wait_for_termination() on the main thread instead of
// by a handler that could do nothing but set a flag. Also ignores SIGPIPE: a peer that hangs up
// must be an error return, not the end of the process. Call it first, before any thread starts.
void block_termination_signals();

// Waits for a termination signal and returns its number. With `ignore_sigterm` (the ignoreSigterm
// fault) a SIGTERM is logged and otherwise ignored, so that only SIGKILL (or SIGINT) ends the
// process.
int wait_for_termination(Logger& log, bool ignore_sigterm);

}  // namespace tas::reference_agent
