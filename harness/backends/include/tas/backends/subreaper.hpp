#pragma once

namespace tas {

// Makes this process a child subreaper (prctl PR_SET_CHILD_SUBREAPER): a descendant whose parent
// dies — a daemon that forked, called setsid and cleared its environment, so that neither its
// process group nor the run marker leads to it — is reparented to this process instead of init,
// and teardown still finds it by its parent pid and ends it. The CLI calls it once at start.
// Returns false (and changes nothing) when the kernel refuses.
bool become_child_subreaper();

// Whether this process is a child subreaper.
[[nodiscard]] bool is_child_subreaper();

}  // namespace tas
