#pragma once

#include <span>
#include <string>

namespace tas {

// Refuses a command line that carries a raw secret: `--bot-token` must be a Secret Drop ID, and no
// other argument may contain a raw secret shape either (the shapes are listed in
// docs/architecture.md, 'Where secrets are redacted'). Runs on the raw argv before the option
// parser, whose error messages would otherwise echo the value. Throws RawSecretRefused (exit 12)
// naming the argument's position and the shape's kind, never the value.
void refuse_raw_secrets_in_argv(std::span<const std::string> args);

}  // namespace tas
