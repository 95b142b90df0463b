#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include <tas/core/atomic_file.hpp>
#include <tas/core/secret.hpp>

namespace tas {

// What is at the target before the run touches it.
enum class TargetState {
  missing,           // nothing there: the run creates it
  empty_directory,   // an empty directory: the run may use it
  earlier_kept_run,  // a directory holding this harness's marker from a `--keep` run: resume
  occupied,          // anything else: refused
  not_a_directory,
};

[[nodiscard]] std::string_view to_string(TargetState state);

// The file operations of a deploy, confined to the throwaway home (steps 2, 3 and 7), and the
// port allocation. Every write is atomic; nothing is ever overwritten or removed that the caller
// did not create.
class Deployer {
 public:
  virtual ~Deployer() = default;
  virtual TargetState inspect(const std::filesystem::path& home) = 0;
  // Creates a directory (and missing parents) with mode 0700; an existing directory is set to
  // 0700.
  virtual void create_directory(const std::filesystem::path& directory) = 0;
  // Writes a file atomically (temporary file, then rename) with `mode`, as durably as asked.
  virtual void write_file(const std::filesystem::path& file, std::string_view content,
                          std::filesystem::perms mode, Durability durability) = 0;
  // Writes the token into a 0600 file — its only copy outside the harness's memory and its
  // source — crash-safe: it is needed only while the agent runs, and a power cut ends that.
  virtual void write_secret(const std::filesystem::path& file, const Secret& secret) = 0;
  [[nodiscard]] virtual std::optional<std::string> read_file(const std::filesystem::path& file) = 0;
  // At most the last `max_bytes` of a file, starting at a line boundary; empty when the file does
  // not exist. Costs the same for a huge log as for a small one.
  [[nodiscard]] virtual std::string read_tail(const std::filesystem::path& file,
                                              std::size_t max_bytes) = 0;
  // The mode bits of a file, or nullopt when it does not exist.
  [[nodiscard]] virtual std::optional<std::filesystem::perms> mode_of(
      const std::filesystem::path& file) = 0;
  // Puts back the mode of a directory the run was given (and set to 0700 while it used it).
  virtual void set_mode(const std::filesystem::path& path, std::filesystem::perms mode) = 0;
  virtual void symlink(const std::filesystem::path& link, const std::filesystem::path& target) = 0;
  // Removes one file or symlink; false when there was nothing to remove.
  virtual bool remove_file(const std::filesystem::path& file) = 0;
  // Removes everything in the home, and the home itself unless `keep_root` (a directory the run
  // was given empty and did not create); false when it was already gone.
  virtual bool remove_home(const std::filesystem::path& home, bool keep_root) = 0;
  // A free TCP port on 127.0.0.1 for the agent's server.
  virtual std::uint16_t allocate_port() = 0;
};

}  // namespace tas
