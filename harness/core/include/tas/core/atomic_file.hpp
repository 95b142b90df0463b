#pragma once

#include <filesystem>
#include <functional>
#include <string_view>

namespace tas {

// How much of the machine may fail before a written file is lost (docs/durability.md).
enum class Durability {
  // A temporary file in the same directory, renamed over the file. Readers, and anyone after the
  // writer's crash (even SIGKILL), see the old content or the new, never a part: the page cache is
  // the kernel's, not the process's. A power cut or kernel crash soon after may lose the new
  // content (the old file, or an empty one, may be found).
  crash_safe,
  // The same, and the temporary file is synced before the rename and its directory after it, so
  // the new content survives a power cut once the write returns. Each sync waits for the disk.
  power_safe,
};

// The call that forces a descriptor's data to disk: 0, or -1 with errno set. `fsync` unless a
// test passes its own to count the calls or make them fail.
using SyncCall = std::function<int(int fd)>;

// Writes `content` to `file` so that a reader sees the old file or the new one, never a part, with
// exactly `mode`, and as durably as asked. Throws std::system_error naming the file; on a failure
// before the rename the old file is untouched and no temporary file is left.
void write_file_atomically(const std::filesystem::path& file, std::string_view content,
                           std::filesystem::perms mode, Durability durability);
void write_file_atomically(const std::filesystem::path& file, std::string_view content,
                           std::filesystem::perms mode, Durability durability,
                           const SyncCall& sync);

}  // namespace tas
