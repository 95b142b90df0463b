#pragma once

#include <filesystem>

namespace tas {

// The user's home directory: $HOME when it is absolute, else the password database's. Empty when
// neither is known.
[[nodiscard]] std::filesystem::path user_home();

// Where test-as-self keeps what outlives a run (default deploy homes, the process registry, the
// Secret Drop store): $TEST_AS_SELF_STATE_DIR when set, else $XDG_STATE_HOME/test-as-self, else
// ~/.local/state/test-as-self. Throws
// std::runtime_error when neither an absolute XDG_STATE_HOME nor a home directory is known.
[[nodiscard]] std::filesystem::path state_directory();

}  // namespace tas
