#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <system_error>
#include <vector>

#include <arpa/inet.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <tas/backends/backend_error.hpp>
#include <tas/backends/fs_deployer.hpp>
#include <tas/backends/log_tail.hpp>
#include <tas/core/atomic_file.hpp>
#include <tas/core/home_layout.hpp>
#include <tas/core/untrusted_file.hpp>

namespace tas {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void fail(const std::string& what, const std::error_code& error) {
  throw BackendError(fmt::format("{}: {}", what, error.message()));
}

// Agents sometimes leave read-only directories behind; removal needs write permission on them.
void make_removable(const fs::path& root) {
  std::error_code error;
  for (auto it = fs::recursive_directory_iterator(root, fs::directory_options::none, error);
       !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
    if (it->is_directory(error) && !it->is_symlink(error)) {
      fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, error);
    }
  }
}

}  // namespace

TargetState FsDeployer::inspect(const fs::path& home) {
  std::error_code error;
  const fs::file_status status = fs::symlink_status(home, error);
  if (status.type() == fs::file_type::not_found) return TargetState::missing;
  if (error) fail(fmt::format("cannot look at target '{}'", home.string()), error);
  if (!fs::is_directory(fs::status(home, error))) return TargetState::not_a_directory;
  if (fs::is_empty(home, error)) return TargetState::empty_directory;
  if (fs::is_regular_file(fs::symlink_status(HomeLayout::of(home).marker, error))) {
    return TargetState::earlier_kept_run;
  }
  return TargetState::occupied;
}

void FsDeployer::create_directory(const fs::path& directory) {
  std::error_code error;
  // Each directory the run creates is 0700: the home holds a token file and agent state.
  std::vector<fs::path> missing;
  for (fs::path at = directory; !at.empty() && !fs::exists(at, error); at = at.parent_path()) {
    missing.push_back(at);
    if (at == at.parent_path()) break;
  }
  for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
    if (!fs::create_directory(*it, error) && error)
      fail(fmt::format("cannot create '{}'", it->string()), error);
    fs::permissions(*it, fs::perms(0700), error);
    if (error) fail(fmt::format("cannot set mode 0700 on '{}'", it->string()), error);
  }
  if (!fs::is_directory(directory, error)) {
    throw BackendError(fmt::format("'{}' exists and is not a directory", directory.string()));
  }
  fs::permissions(directory, fs::perms(0700), error);
  if (error) fail(fmt::format("cannot set mode 0700 on '{}'", directory.string()), error);
}

void FsDeployer::write_file(const fs::path& file, std::string_view content, fs::perms mode,
                            Durability durability) {
  try {
    write_file_atomically(file, content, mode, durability);
  } catch (const std::system_error& error) {
    throw BackendError(error.what());
  }
}

void FsDeployer::write_secret(const fs::path& file, const Secret& secret) {
  // The message of a failure names the file only; the content never leaves this function.
  write_file(file, secret.reveal(), fs::perms(0600), Durability::crash_safe);
}

std::optional<std::string> FsDeployer::read_file(const fs::path& file) {
  // The agent wrote it, and an agent can put a FIFO or a huge file there: read it as untrusted.
  UntrustedRead read = read_untrusted_file(file, "the agent's file", kMaxConfigFileBytes);
  if (!read.ok()) return std::nullopt;
  return std::move(read.content);
}

std::string FsDeployer::read_tail(const fs::path& file, std::size_t max_bytes) {
  return read_log_tail(file, max_bytes).text;
}

std::optional<fs::perms> FsDeployer::mode_of(const fs::path& file) {
  std::error_code error;
  const fs::file_status status = fs::status(file, error);
  if (error || !fs::exists(status)) return std::nullopt;
  return status.permissions() & fs::perms::mask;
}

void FsDeployer::set_mode(const fs::path& path, fs::perms mode) {
  std::error_code error;
  // Never through a symlink: the directory itself, or nothing.
  fs::permissions(path, mode, fs::perm_options::replace | fs::perm_options::nofollow, error);
  if (error) fail(fmt::format("cannot set the mode of '{}'", path.string()), error);
}

void FsDeployer::symlink(const fs::path& link, const fs::path& target) {
  std::error_code error;
  const fs::file_status existing = fs::symlink_status(link, error);
  if (fs::exists(existing)) {
    if (!fs::is_symlink(existing)) {
      throw BackendError(
          fmt::format("'{}' exists and is not a symlink; refusing to replace it", link.string()));
    }
    if (fs::read_symlink(link, error) == target) return;  // a resumed run's link
    fs::remove(link, error);
    if (error) fail(fmt::format("cannot replace the symlink '{}'", link.string()), error);
  }
  fs::create_symlink(target, link, error);
  if (error) fail(fmt::format("cannot link '{}' to '{}'", link.string(), target.string()), error);
}

bool FsDeployer::remove_file(const fs::path& file) {
  std::error_code error;
  const bool removed = fs::remove(file, error);
  if (error) fail(fmt::format("cannot remove '{}'", file.string()), error);
  return removed;
}

bool FsDeployer::remove_home(const fs::path& home, bool keep_root) {
  std::error_code error;
  if (!fs::exists(fs::symlink_status(home, error))) return false;
  if (!fs::is_regular_file(fs::symlink_status(HomeLayout::of(home).marker, error))) {
    throw BackendError(fmt::format(
        "refusing to remove '{}': it holds no {} marker, so it is not a home this harness made",
        home.string(), HomeLayout::kMarkerName));
  }
  make_removable(home);
  std::vector<fs::path> entries;
  for (const auto& entry : fs::directory_iterator(home, error))
    entries.push_back(entry.path());
  if (error) fail(fmt::format("cannot list '{}'", home.string()), error);
  for (const fs::path& entry : entries) {
    if (entry == HomeLayout::of(home).marker) continue;  // last: it proves the home is ours
    fs::remove_all(entry, error);  // never follows symlinks: the dist link goes, not the dist
    if (error) fail(fmt::format("cannot remove '{}'", entry.string()), error);
  }
  fs::remove(HomeLayout::of(home).marker, error);
  if (!keep_root) fs::remove(home, error);
  if (error) fail(fmt::format("cannot remove '{}'", home.string()), error);
  return true;
}

std::uint16_t FsDeployer::allocate_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    throw BackendError(fmt::format("cannot allocate a port: socket: {}", std::strerror(errno)));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof(address);
  const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
                  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0;
  const int saved = errno;
  ::close(fd);
  if (!ok)
    throw BackendError(
        fmt::format("cannot allocate a port on 127.0.0.1: {}", std::strerror(saved)));
  // The kernel hands out ephemeral ports in turn, so the agent binding it a moment later is very
  // unlikely to lose it to someone else.
  return ntohs(address.sin_port);
}

}  // namespace tas
