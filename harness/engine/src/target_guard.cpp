#include <algorithm>
#include <cctype>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include <tas/core/errors.hpp>
#include <tas/core/printable_path.hpp>
#include <tas/core/real_path.hpp>
#include <tas/engine/target_guard.hpp>

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
  if (target == guarded) return fmt::format("it is {} ({})", what, printable_path(guarded));
  if (is_same_or_ancestor(target, guarded)) {
    return fmt::format("it contains {} ({})", what, printable_path(guarded));
  }
  if (is_same_or_ancestor(guarded, target)) {
    return fmt::format("it is inside {} ({})", what, printable_path(guarded));
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

// The operating system's own directories. A home is never one of them, and never inside those
// whose whole content belongs to the system; the scratch areas beneath /tmp, /var/tmp and the
// user's runtime directory are fine places for a throwaway home, those directories themselves are
// not (a run deletes its home at teardown).
std::optional<std::string> system_directory_problem(const fs::path& real) {
  static const std::vector<fs::path> kSystemTrees = {
      "/bin",  "/boot", "/dev",  "/etc",  "/lib", "/lib32", "/lib64", "/libx32",
      "/proc", "/run",  "/sbin", "/snap", "/sys", "/usr",   "/var",   "/lost+found"};
  static const std::vector<fs::path> kSystemDirectories = {
      "/home", "/media", "/mnt", "/opt", "/root", "/srv", "/tmp", "/var/tmp", "/run/user"};
  static const std::vector<fs::path> kScratchInsideSystemTrees = {"/var/tmp", "/run/user"};
  for (const fs::path& directory : kSystemDirectories) {
    if (real == directory) {
      return fmt::format("it is the system directory {} itself; use a new directory inside it",
                         printable_path(directory));
    }
  }
  for (const fs::path& scratch : kScratchInsideSystemTrees) {
    if (real != scratch && is_same_or_ancestor(scratch, real)) return std::nullopt;
  }
  for (const fs::path& tree : kSystemTrees) {
    if (is_same_or_ancestor(tree, real)) {
      return real == tree ? fmt::format("it is the system directory {}", tree.string())
                          : fmt::format("it is inside the system directory {}", tree.string());
    }
  }
  return std::nullopt;
}

// What is being guarded, for the refusal's words.
struct GuardedRole {
  std::string_view label;        // "target", "--report-json"
  std::string_view consequence;  // why it matters, and what to do instead
};

constexpr GuardedRole kTarget{
    "target",
    "A run deletes its target at teardown, so the target must be a throwaway directory of its "
    "own: pass a new directory, or leave out --target for a fresh one under the state directory."};
constexpr GuardedRole kReport{
    "--report-json",
    "A report is written only where a throwaway home could be: pass a path outside protected "
    "places, or leave out --report-json for the report in (or beside) the home."};

[[noreturn]] void refuse(const GuardedRole& role, const fs::path& typed, const fs::path& real,
                         const std::string& why) {
  const std::string resolves = real == absolute_typed(typed)
                                   ? std::string()
                                   : fmt::format(" (it resolves to '{}')", printable_path(real));
  throw TargetRefused(fmt::format("refusing {} '{}'{}: {}. {}", role.label, printable_path(typed),
                                  resolves, why, role.consequence));
}

fs::path check_place(const fs::path& target, const ProtectedTargets& protected_targets,
                     const GuardedRole& role) {
  if (target.empty()) {
    throw TargetRefused(fmt::format("refusing an empty {}: pass a path. {}", role.label,
                                    role.consequence));  // "refusing an empty target: …"
  }
  if (const std::string first = target.begin()->string(); first.starts_with("~")) {
    // The shell did not expand it (it was quoted), and "~user" is not ours to look up: taken
    // literally it would become a directory named "~" in the current directory.
    throw TargetRefused(fmt::format(
        "refusing {} '{}': it starts with '{}', which only a shell expands. Give the full path.",
        role.label, printable_path(target), first));
  }
  fs::path real;
  try {
    real = resolve_real_path(target);
  } catch (const fs::filesystem_error& error) {
    throw TargetRefused(fmt::format(
        "refusing {} '{}': its path cannot be resolved ({}), so the guards cannot tell what it "
        "points at. Remove the symlink loop, or choose another path.",
        role.label, printable_path(target), error.code().message()));
  }
  if (real == real.root_path()) refuse(role, target, real, "it is the filesystem root");

  const fs::path user_home = protected_targets.user_home.empty()
                                 ? fs::path()
                                 : resolve_real_path(protected_targets.user_home);
  if (!user_home.empty()) {
    if (real == user_home) refuse(role, target, real, "it is your home directory ($HOME)");
    if (is_same_or_ancestor(real, user_home)) {
      refuse(role, target, real,
             fmt::format("it contains your home directory ({})", printable_path(user_home)));
    }
  }
  if (auto why = system_directory_problem(real)) refuse(role, target, real, *why);
  for (const fs::path& home : protected_targets.canonical_homes) {
    if (auto why = relation(real, resolve_real_path(home), "the canonical agent home")) {
      refuse(role, target, real, *why);
    }
  }
  for (const fs::path& guarded : protected_targets.paths) {
    if (auto why = relation(real, resolve_real_path(guarded), "a protected path")) {
      refuse(role, target, real, *why);
    }
  }
  for (const fs::path& candidate : {real, absolute_typed(target)}) {
    if (auto name = protected_name_in(candidate, user_home, protected_targets.names)) {
      refuse(role, target, real,
             fmt::format("its path has a directory named '{}', a protected home name", *name));
    }
  }
  return real;
}

}  // namespace

fs::path check_target(const fs::path& target, const ProtectedTargets& protected_targets) {
  return check_place(target, protected_targets, kTarget);
}

fs::path check_report_location(const fs::path& report, const ProtectedTargets& protected_targets) {
  return check_place(report, protected_targets, kReport);
}

fs::path check_report_location(const fs::path& report, const ProtectedTargets& protected_targets,
                               std::string_view option) {
  const std::string consequence = fmt::format(
      "A report is written only where a throwaway home could be: pass a path outside protected "
      "places for {}.",
      option);
  return check_place(report, protected_targets, GuardedRole{option, consequence});
}

}  // namespace tas
