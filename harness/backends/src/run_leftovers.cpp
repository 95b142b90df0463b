#include "run_leftovers.hpp"

#include <algorithm>
#include <vector>

#include <fmt/format.h>

#include <tas/backends/fs_deployer.hpp>
#include <tas/core/home_layout.hpp>

namespace tas {
namespace {

namespace fs = std::filesystem;

bool exists_unfollowed(const fs::path& path) {
  std::error_code ignored;
  return fs::exists(fs::symlink_status(path, ignored));
}

void remove_token_file(const fs::path& file, LeftoverRemoval& result) {
  if (file.empty() || !exists_unfollowed(file)) return;
  std::error_code error;
  if (fs::is_directory(fs::symlink_status(file, error))) {
    result.errors.push_back(
        fmt::format("the run's token file {} is a directory now; it was not removed — look at it",
                    file.string()));
    return;
  }
  fs::remove(file, error);  // a symlink goes itself, never what it points to
  if (error) {
    result.errors.push_back(
        fmt::format("cannot remove the run's token file {}: {}; remove it by hand", file.string(),
                    error.message()));
  } else {
    result.removed.push_back(fmt::format("token file {}", file.string()));
  }
}

// The half-written temporary file of the marker's atomic write, ".<marker>.<pid>.<n>.tmp".
bool is_marker_temporary(const fs::path& entry) {
  const std::string name = entry.filename().string();
  const std::string prefix = "." + std::string(HomeLayout::kMarkerName) + ".";
  return name.starts_with(prefix) && name.ends_with(".tmp");
}

// A run killed between creating its home and marking it: the home holds at most the marker's
// temporary file, and only then is it surely the run's. Anything else in it is someone else's.
void remove_unmarked_home(const RecordedHome& home, LeftoverRemoval& result) {
  std::error_code error;
  std::vector<fs::path> entries;
  for (const auto& entry : fs::directory_iterator(home.root, error))
    entries.push_back(entry.path());
  const bool only_ours = !error && std::all_of(entries.begin(), entries.end(), is_marker_temporary);
  if (!only_ours) {
    result.left.push_back(fmt::format("{} (it holds no {} marker, so it is not the run's home)",
                                      home.root.string(), HomeLayout::kMarkerName));
    return;
  }
  if (entries.empty() && home.origin != RecordedHome::Origin::created) return;  // nothing of ours
  for (const fs::path& entry : entries) {
    if (!error) fs::remove(entry, error);
  }
  if (!error && home.origin == RecordedHome::Origin::created) fs::remove(home.root, error);
  if (error) {
    result.errors.push_back(fmt::format("cannot remove the run's unmarked home {}: {}",
                                        home.root.string(), error.message()));
  } else {
    result.removed.push_back(fmt::format("home {} (not yet marked)", home.root.string()));
  }
}

void remove_home(const RecordedHome& home, LeftoverRemoval& result) {
  if (!exists_unfollowed(home.root)) return;
  if (home.keep) {
    result.left.push_back(
        fmt::format("home {} (kept: the run was started with --keep)", home.root.string()));
    return;
  }
  std::error_code error;
  if (!fs::is_directory(fs::symlink_status(home.root, error))) {
    result.left.push_back(
        fmt::format("{} (not a directory now, so not the run's home)", home.root.string()));
    return;
  }
  if (!exists_unfollowed(HomeLayout::of(home.root).marker)) {
    remove_unmarked_home(home, result);
    return;
  }
  try {
    const bool keep_root = home.origin == RecordedHome::Origin::adopted;
    FsDeployer().remove_home(home.root, keep_root);
    result.removed.push_back(fmt::format("home {}{}", home.root.string(),
                                         keep_root ? " (emptied: the run adopted it empty)" : ""));
  } catch (const std::exception& failure) {
    result.errors.push_back(
        fmt::format("cannot remove the run's home {}: {}", home.root.string(), failure.what()));
  }
}

}  // namespace

LeftoverRemoval remove_run_leftovers(const RunRecord& record) {
  LeftoverRemoval result;
  remove_token_file(record.token_file, result);
  if (record.home) remove_home(*record.home, result);
  return result;
}

}  // namespace tas
