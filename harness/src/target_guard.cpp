#include <algorithm>
#include <cctype>
#include <optional>

#include <fmt/format.h>

#include <tas/errors.hpp>
#include <tas/real_path.hpp>
#include <tas/target_guard.hpp>

namespace tas {
namespace {

namespace fs = std::filesystem;

bool same_name(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

// How `target` relates to a protected path, in words; nullopt when it does not.
std::optional<std::string> relation(const fs::path& target, const fs::path& guarded,
                                    std::string_view what) {
  if (target == guarded) return fmt::format("it is {} ({})", what, guarded.string());
  if (is_same_or_ancestor(target, guarded)) {
    return fmt::format("it contains {} ({})", what, guarded.string());
  }
  if (is_same_or_ancestor(guarded, target)) {
    return fmt::format("it is inside {} ({})", what, guarded.string());
  }
  return std::nullopt;
}

// The directory names a protected name must not match: the components of the real target and
// of the target as typed, leaving out the user's own home directory path (a user may be called
// "bob" without every path under their home becoming a protected home).
std::optional<std::string> protected_name_in(const fs::path& path, const fs::path& user_home,
                                             const std::vector<std::string>& names) {
  fs::path relative = path;
  if (!user_home.empty() && is_same_or_ancestor(user_home, path) && path != user_home) {
    relative = path.lexically_relative(user_home);
  }
  for (const fs::path& component : relative) {
    for (const std::string& name : names) {
      if (same_name(component.string(), name)) return name;
    }
  }
  return std::nullopt;
}

// The target as typed, made absolute and normalized without asking the filesystem.
fs::path absolute_typed(const fs::path& typed) {
  fs::path normal = (typed.is_absolute() ? typed : fs::current_path() / typed).lexically_normal();
  while (normal.has_relative_path() && normal.filename().empty())
    normal = normal.parent_path();
  return normal;
}

[[noreturn]] void refuse(const fs::path& typed, const fs::path& real, const std::string& why) {
  const std::string resolves = real == absolute_typed(typed)
                                   ? std::string()
                                   : fmt::format(" (it resolves to '{}')", real.string());
  throw TargetRefused(fmt::format(
      "refusing target '{}'{}: {}. A run deletes its target at teardown, so the target must be "
      "a throwaway directory of its own: pass a new directory, or leave out --target for a fresh "
      "one under the state directory.",
      typed.string(), resolves, why));
}

}  // namespace

fs::path check_target(const fs::path& target, const ProtectedTargets& protected_targets) {
  if (target.empty()) {
    throw TargetRefused("refusing an empty target: pass a directory, or leave out --target.");
  }
  const fs::path real = resolve_real_path(target);
  if (real == real.root_path()) refuse(target, real, "it is the filesystem root");

  const fs::path user_home = protected_targets.user_home.empty()
                                 ? fs::path()
                                 : resolve_real_path(protected_targets.user_home);
  if (!user_home.empty()) {
    if (real == user_home) refuse(target, real, "it is your home directory ($HOME)");
    if (is_same_or_ancestor(real, user_home)) {
      refuse(target, real, fmt::format("it contains your home directory ({})", user_home.string()));
    }
  }
  for (const fs::path& home : protected_targets.canonical_homes) {
    if (auto why = relation(real, resolve_real_path(home), "the canonical agent home")) {
      refuse(target, real, *why);
    }
  }
  for (const fs::path& guarded : protected_targets.paths) {
    if (auto why = relation(real, resolve_real_path(guarded), "a protected path")) {
      refuse(target, real, *why);
    }
  }
  for (const fs::path& candidate : {real, absolute_typed(target)}) {
    if (auto name = protected_name_in(candidate, user_home, protected_targets.names)) {
      refuse(target, real,
             fmt::format("its path has a directory named '{}', a protected home name", *name));
    }
  }
  return real;
}

}  // namespace tas
