#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include <tas/backends/deployer.hpp>

namespace tas::mocks {

// An in-memory filesystem behind the Deployer interface: directories, files with modes and
// symlinks, so the unit tier can run target-prep, deploy and teardown without touching a disk.
class FakeFilesystem {
 public:
  struct Entry {
    enum class Kind { directory, file, symlink };
    Kind kind = Kind::file;
    std::string content;
    std::filesystem::perms mode = std::filesystem::perms(0644);
    std::filesystem::path link_target;
  };

  void add_directory(const std::filesystem::path& path,
                     std::filesystem::perms mode = std::filesystem::perms(0755));
  void add_file(const std::filesystem::path& path, std::string content);
  void append(const std::filesystem::path& path, std::string_view text);

  [[nodiscard]] bool exists(const std::filesystem::path& path) const;
  [[nodiscard]] const Entry* find(const std::filesystem::path& path) const;
  [[nodiscard]] std::size_t count_under(const std::filesystem::path& path) const;

  // The Deployer operations, for a MockDeployer to delegate to.
  TargetState inspect(const std::filesystem::path& home) const;
  void create_directory(const std::filesystem::path& directory);
  void write_file(const std::filesystem::path& file, std::string_view content,
                  std::filesystem::perms mode);
  std::optional<std::string> read_file(const std::filesystem::path& file) const;
  std::string read_tail(const std::filesystem::path& file, std::size_t max_bytes) const;
  std::optional<std::filesystem::perms> mode_of(const std::filesystem::path& file) const;
  void set_mode(const std::filesystem::path& path, std::filesystem::perms mode);
  void symlink(const std::filesystem::path& link, const std::filesystem::path& target);
  bool remove_file(const std::filesystem::path& file);
  bool remove_home(const std::filesystem::path& home, bool keep_root);
  std::uint16_t allocate_port();

 private:
  std::map<std::filesystem::path, Entry> entries_;
  std::uint16_t next_port_ = 40000;
};

}  // namespace tas::mocks
