#pragma once

#include <filesystem>

namespace tas::reference_agent {

// The reference agent's stand-in for a native module (the original case was better-sqlite3, which
// `npm rebuild` must build for the runtime that loads it): `<nativeDir>/runtime.json`, holding
// {"runtime": "reference-agent <version>", "builtAt": <ms>}. The rebuild command writes it, the
// server refuses to start without a matching one.
[[nodiscard]] std::filesystem::path native_stamp_path(const std::filesystem::path& native_dir);

// Writes the stamp atomically (creating the directory), so that a server never reads half of one.
// Returns its path. Throws std::system_error naming the file.
std::filesystem::path write_native_stamp(const std::filesystem::path& native_dir);

// Throws AgentError (exit 3) when the stamp is missing ("native module missing: <path>; run the
// rebuild command"), unreadable, or built for another runtime.
void check_native_stamp(const std::filesystem::path& native_dir);

}  // namespace tas::reference_agent
