#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <random>
#include <stdexcept>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <unistd.h>

#include <tas/backends/proc_fs.hpp>
#include <tas/backends/process_registry.hpp>
#include <tas/core/atomic_file.hpp>
#include <tas/core/clock.hpp>
#include <tas/core/home_layout.hpp>
#include <tas/core/run_id.hpp>
#include <tas/core/state_directory.hpp>

namespace tas {
namespace {

namespace fs = std::filesystem;

std::string host_name() {
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) != 0) return {};
  return name;
}

bool plain_run_id(std::string_view id) {
  if (id.empty() || id.front() == '.') return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
  });
}

}  // namespace

ProcessRegistry::ProcessRegistry(fs::path directory, std::string run_id) {
  if (!plain_run_id(run_id)) {
    throw std::invalid_argument(fmt::format(
        "process registry: run id '{}' must be letters, digits, '.', '_' and '-', not starting "
        "with '.' (it names a file and goes into an environment value)",
        run_id));
  }
  // The directory holds what a run started; other users have no business reading it.
  if (fs::create_directories(directory)) fs::permissions(directory, fs::perms::owner_all);
  file_ = directory / (run_id + ".json");
  record_.run_id = std::move(run_id);
  record_.created_at = iso8601_utc(std::chrono::system_clock::now());
  record_.harness_pid = ::getpid();
  const auto self = read_proc_stat(record_.harness_pid);
  if (!self) {
    throw std::runtime_error(
        "process registry: cannot read /proc/self/stat; a registry needs the harness's start time "
        "to tell a dead harness from a reused pid (is /proc mounted?)");
  }
  record_.harness_start_time = self->start_time;
  record_.boot_id = read_boot_id();
  record_.host = host_name();
  const std::lock_guard lock(mutex_);
  write_locked();
}

ProcessRegistry::~ProcessRegistry() {
  const std::lock_guard lock(mutex_);
  const bool all_ended = std::all_of(record_.groups.begin(), record_.groups.end(),
                                     [](const RegisteredGroup& group) { return group.ended; });
  if (!all_ended) return;  // something may still run: the cleanup needs this file
  std::error_code ignored;
  auto present = [&](const fs::path& path) {
    return !path.empty() && fs::exists(fs::symlink_status(path, ignored));
  };
  // A token file or home that teardown could not remove is the cleanup's to remove.
  if (present(record_.token_file)) return;
  if (record_.home && !record_.home->keep && present(HomeLayout::of(record_.home->root).marker)) {
    return;
  }
  fs::remove(file_, ignored);
}

std::string ProcessRegistry::marker() const {
  return fmt::format("{}={}", kRunMarkerName, record_.run_id);
}

void ProcessRegistry::record_started(RegisteredGroup group) {
  const std::lock_guard lock(mutex_);
  record_.groups.push_back(std::move(group));
  try {
    write_locked();
  } catch (...) {
    record_.groups.pop_back();  // the file does not hold it, so neither do we
    throw;
  }
}

void ProcessRegistry::record_ended(int pgid) {
  const std::lock_guard lock(mutex_);
  bool changed = false;
  for (RegisteredGroup& group : record_.groups) {
    if (group.pgid != pgid || group.ended) continue;
    group.ended = true;
    group.ended_at = iso8601_utc(std::chrono::system_clock::now());
    changed = true;
  }
  if (changed) write_locked();
}

void ProcessRegistry::record_home(RecordedHome home) {
  const std::lock_guard lock(mutex_);
  const std::optional<RecordedHome> previous = std::exchange(record_.home, std::move(home));
  try {
    write_locked();
  } catch (...) {
    record_.home = previous;
    throw;
  }
}

void ProcessRegistry::record_token_file(fs::path file) {
  const std::lock_guard lock(mutex_);
  fs::path previous = std::exchange(record_.token_file, std::move(file));
  try {
    write_locked();
  } catch (...) {
    record_.token_file = std::move(previous);
    throw;
  }
}

RunRecord ProcessRegistry::snapshot() const {
  const std::lock_guard lock(mutex_);
  return record_;
}

void ProcessRegistry::write_locked() const {
  // What the file is for is a harness killed with SIGKILL, and a rename alone survives that. A
  // power cut ends every process of the run by itself, so no record here is worth a wait for the
  // disk (docs/durability.md).
  write_file_atomically(file_, record_.to_json().dump(2) + "\n",
                        fs::perms::owner_read | fs::perms::owner_write, Durability::crash_safe);
}

std::string ProcessRegistry::new_run_id() {
  return tas::new_run_id();
}

fs::path default_registry_directory() {
  return state_directory() / "runs";
}

}  // namespace tas
