#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tas {

// What /proc/<pid>/stat says about one process that matters for finding and ending the processes
// of a run: its process group, and its start time, which together with the pid identifies the
// process across pid reuse.
struct ProcStat {
  int pid = 0;
  char state = '?';  // R, S, D, Z, …
  int ppid = 0;
  int process_group = 0;
  int session = 0;
  std::uint64_t start_time = 0;  // field 22: clock ticks since boot

  // A zombie has ended; it only waits to be reaped by its parent (which, for an orphan, may be an
  // init that never reaps). It can neither run nor be signalled meaningfully.
  [[nodiscard]] bool ended() const { return state == 'Z' || state == 'X' || state == 'x'; }
};

// Parses /proc/<pid>/stat; nullopt when the process does not exist (or /proc cannot tell).
[[nodiscard]] std::optional<ProcStat> read_proc_stat(int pid);

// Every pid listed in /proc (a snapshot: processes come and go while it is taken).
[[nodiscard]] std::vector<int> list_process_ids();

// Every descendant of `pid` — its children, theirs, and so on — as /proc/<pid>/task/<tid>/children
// lists them, each thread's own (a child belongs to the thread that forked it, and an orphan
// reparented to a child subreaper to any of its threads). Reads only that tree, never every
// process on the machine. A snapshot: a process forked while it is taken may be missing.
[[nodiscard]] std::vector<int> descendants_of(int pid);

// The processes of a process group that have not ended (zombies do not count). When this process
// is a child subreaper, and the group one its own child leads, they are found among this
// process's descendants only: a member that outlives the leader is reparented here, and only a
// process outside this process's tree that joined the group itself (setpgid within the session)
// would be missed. Otherwise every process on the machine is looked at.
[[nodiscard]] std::vector<ProcStat> live_group_members(int process_group);

// The environment a process was started with (/proc/<pid>/environ), entry by entry; nullopt when
// the process is gone or its environment cannot be read (another user, not dumpable).
[[nodiscard]] std::optional<std::vector<std::string>> read_environ(int pid);

// The value of `name` in the environment a process was started with; nullopt when absent or
// unreadable.
[[nodiscard]] std::optional<std::string> read_environ_value(int pid, std::string_view name);

// This boot's identity (/proc/sys/kernel/random/boot_id): start times count from boot, so a
// start time recorded in another boot means nothing. Empty when unreadable.
[[nodiscard]] std::string read_boot_id();

}  // namespace tas
