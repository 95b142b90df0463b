#pragma once

#include "command_line.hpp"

#include <tas/tiers/live_config.hpp>

namespace tas::cli {

// The live configuration of a `--live-config <file>` run: the file (the same one TAS_LIVE_CONFIG
// names for the live tier), with what the command line adds where the file is silent.
//
// A setting the file makes and an option makes again is a usage error that names both — which
// bot, which agent, which store and which judge a run of a live bot uses must not depend on
// remembering which of the two wins:
//   --bot-token      against 'bot_token.drop_id'
//   --secret-store   against 'bot_token.store' or 'bot_token.secret_drop_url'
//   --profile        against 'profile'
//   --judge-config   against 'judge'
// The guards only add up (--canonical-home and --protect join the file's 'protected'), and
// --judge <mode> overrides the judge's mode, as it does over --judge-config.
//
// The file must name a user driver, as for the live tier. Throws UsageError (exit 64) for that,
// for a conflict, and for a file that cannot be read or is malformed.
[[nodiscard]] LiveConfig live_run_config(const CommandLine& line);

}  // namespace tas::cli
