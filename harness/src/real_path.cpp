#include <tas/real_path.hpp>

namespace tas {

std::filesystem::path resolve_real_path(const std::filesystem::path& path) {
  const std::filesystem::path absolute =
      path.is_absolute() ? path : std::filesystem::current_path() / path;
  // weakly_canonical lets the operating system resolve the existing prefix (symlinks and `..`
  // included) and normalizes only the part that does not exist yet.
  std::filesystem::path real = std::filesystem::weakly_canonical(absolute);
  // "/a/b/" and "/a/b" are the same directory; keep the root's own slash.
  while (real.has_relative_path() && real.filename().empty()) real = real.parent_path();
  return real;
}

bool is_same_or_ancestor(const std::filesystem::path& ancestor,
                         const std::filesystem::path& descendant) {
  auto a = ancestor.begin();
  auto d = descendant.begin();
  for (; a != ancestor.end(); ++a, ++d) {
    if (a->empty()) continue;  // a trailing separator
    if (d == descendant.end() || *a != *d) return false;
  }
  return true;
}

std::filesystem::path expand_tilde(const std::filesystem::path& path,
                                   const std::filesystem::path& home) {
  const std::string text = path.string();
  if (text == "~") return home;
  if (text.starts_with("~/")) return home / text.substr(2);
  return path;
}

}  // namespace tas
