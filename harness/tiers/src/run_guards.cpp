#include <tas/core/state_directory.hpp>
#include <tas/secret_drop/secret_store.hpp>
#include <tas/tiers/tiers.hpp>

namespace tas {
namespace {

template <typename T>
void append(std::vector<T>& to, const std::vector<T>& from) {
  to.insert(to.end(), from.begin(), from.end());
}

}  // namespace

std::vector<std::filesystem::path> state_directory_parts() {
  const std::filesystem::path state = state_directory();
  return {state / "runs", state / "locks", state / "kept-homes", state / "reports",
          secret_drop::default_store_directory()};
}

ProtectedTargets run_guards(const AgentProfile& profile, ExtraProtection extra) {
  ProtectedTargets guarded;
  guarded.user_home = user_home();
  if (profile.canonical_home) guarded.canonical_homes.push_back(*profile.canonical_home);
  append(guarded.canonical_homes, extra.canonical_homes);
  guarded.paths = profile.protected_paths;
  append(guarded.paths, extra.paths);
  append(guarded.paths, state_directory_parts());
  if (!extra.secret_store.empty()) guarded.paths.push_back(extra.secret_store);
  guarded.names = profile.protected_names;
  append(guarded.names, extra.names);
  return guarded;
}

}  // namespace tas
