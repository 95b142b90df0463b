#pragma once

#include <filesystem>

#include <tas/engine/kept_home.hpp>

namespace tas {

// What the filesystem says about a target the guards have let through, decided before the run
// creates anything. Throws TargetRefused (exit 11) when the target exists and is not a directory
// (a file, a FIFO, a device), is a directory that is not empty and is not a home an earlier
// `--keep` run recorded keeping (a marker file alone proves nothing), cannot be read or written,
// or does not exist and its parent does not exist or cannot be written — a run creates only the
// home itself, never the directories above it, so it never leaves any behind. Reads the
// filesystem, never writes it.
void admit_target(const std::filesystem::path& real_target, const KeptHomeRecords& kept);

}  // namespace tas
