#pragma once

#include <sys/types.h>

namespace tas::reference_agent {

// The forkGrandchild fault: forks a child that stays in this process group (no setsid, no
// setpgid), ignores SIGTERM, drops every inherited descriptor and waits forever. It outlives its
// parent, like a helper a real agent spawned and forgot; only a SIGKILL to the group ends it.
// Call it before any thread starts: the child of a multithreaded fork may only make
// async-signal-safe calls. Returns the child's pid; throws std::system_error when fork fails.
pid_t fork_grandchild();

// The forkDaemon fault: like fork_grandchild, but the child calls setsid and so leaves this process
// group — a daemon, a terminal multiplexer, a tunnel. Signalling the group no longer reaches it;
// only its environment (the run's marker) tells whose it is.
pid_t fork_daemon();

}  // namespace tas::reference_agent
