#pragma once

#include <tas/backends/deployer.hpp>

namespace tas {

// The Deployer on the real filesystem. Besides what the interface promises, it refuses to remove
// a home that does not hold the harness's marker, never follows a symlink when removing, and
// never replaces an existing file or directory with the dist symlink.
class FsDeployer final : public Deployer {
 public:
  TargetState inspect(const std::filesystem::path& home) override;
  void create_directory(const std::filesystem::path& directory) override;
  void write_file(const std::filesystem::path& file, std::string_view content,
                  std::filesystem::perms mode, Durability durability) override;
  void write_secret(const std::filesystem::path& file, const Secret& secret) override;
  std::optional<std::string> read_file(const std::filesystem::path& file) override;
  std::string read_tail(const std::filesystem::path& file, std::size_t max_bytes) override;
  std::optional<std::filesystem::perms> mode_of(const std::filesystem::path& file) override;
  void set_mode(const std::filesystem::path& path, std::filesystem::perms mode) override;
  void symlink(const std::filesystem::path& link, const std::filesystem::path& target) override;
  bool remove_file(const std::filesystem::path& file) override;
  bool remove_home(const std::filesystem::path& home, bool keep_root) override;
  std::uint16_t allocate_port() override;
};

}  // namespace tas
