#include <deque>
#include <stdexcept>
#include <system_error>

#include <tas/core/real_path.hpp>

namespace tas {

namespace fs = std::filesystem;

fs::path resolve_real_path(const fs::path& path) {
  // Walks the path as the kernel does — following every symlink, a dangling one included, and
  // applying `..` to where a symlink led — so that a link to a home that does not exist yet is
  // still seen as that home. Components that do not exist are taken as they are.
  const fs::path absolute = path.is_absolute() ? path : fs::current_path() / path;
  std::deque<fs::path> pending(absolute.begin(), absolute.end());
  fs::path resolved = "/";
  int links_followed = 0;
  while (!pending.empty()) {
    const fs::path component = pending.front();
    pending.pop_front();
    if (component.empty() || component == "." || component == "/") continue;
    if (component == "..") {
      resolved = resolved.parent_path();
      continue;
    }
    const fs::path next = resolved / component;
    std::error_code error;
    if (!fs::is_symlink(fs::symlink_status(next, error))) {
      resolved = next;
      continue;
    }
    if (++links_followed > 40) {
      throw fs::filesystem_error("too many levels of symbolic links", path,
                                 std::make_error_code(std::errc::too_many_symbolic_link_levels));
    }
    const fs::path target = fs::read_symlink(next);
    pending.insert(pending.begin(), target.begin(), target.end());
    if (target.is_absolute()) resolved = "/";
  }
  return resolved;
}

bool is_same_or_ancestor(const fs::path& ancestor, const fs::path& descendant) {
  auto a = ancestor.begin();
  auto d = descendant.begin();
  for (; a != ancestor.end(); ++a, ++d) {
    if (a->empty()) continue;  // a trailing separator
    if (d == descendant.end() || *a != *d) return false;
  }
  return true;
}

fs::path expand_tilde(const fs::path& path, const fs::path& home) {
  const std::string text = path.string();
  if (text == "~") return home;
  if (text.starts_with("~/")) return home / text.substr(2);
  return path;
}

}  // namespace tas
