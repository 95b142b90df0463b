#include "run_leftovers.hpp"

#include <fmt/format.h>

#include <tas/backends/fs_deployer.hpp>
#include <tas/home_layout.hpp>

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
    // Killed between creating the directory and marking it: only an empty one is surely the run's.
    if (home.origin == RecordedHome::Origin::created && fs::is_empty(home.root, error) &&
        fs::remove(home.root, error)) {
      result.removed.push_back(fmt::format("home {} (empty)", home.root.string()));
    } else {
      result.left.push_back(fmt::format("{} (it holds no {} marker, so it is not the run's home)",
                                        home.root.string(), HomeLayout::kMarkerName));
    }
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
