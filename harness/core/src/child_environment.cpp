#include <algorithm>
#include <map>

#include <tas/core/child_environment.hpp>
#include <tas/core/secret_shapes.hpp>

namespace tas {
namespace {

constexpr std::string_view kAlwaysAllowed[] = {"PATH",     "LANG",        "LANGUAGE", "LC_ALL",
                                               "LC_CTYPE", "LC_MESSAGES", "TZ"};

bool allowed(std::string_view name, const EnvironmentSpec& spec) {
  if (std::find(std::begin(kAlwaysAllowed), std::end(kAlwaysAllowed), name) !=
      std::end(kAlwaysAllowed)) {
    return true;
  }
  return std::find(spec.allow.begin(), spec.allow.end(), name) != spec.allow.end();
}

}  // namespace

std::vector<std::filesystem::path> isolated_directories(const std::filesystem::path& home) {
  return {home / ".config", home / ".cache", home / ".local/share", home / ".local/state",
          home / "tmp"};
}

std::vector<std::string> child_environment(const EnvironmentSpec& spec, const Placeholders& values,
                                           const std::filesystem::path& home,
                                           std::span<const std::string> parent) {
  std::map<std::string, std::string> entries;
  for (const std::string& entry : parent) {
    const std::size_t equals = entry.find('=');
    if (equals == std::string::npos || equals == 0) continue;
    std::string name = entry.substr(0, equals);
    std::string value = entry.substr(equals + 1);
    if (find_secret_shape(value)) continue;
    if (spec.isolate && !allowed(name, spec)) continue;
    entries.insert_or_assign(std::move(name), std::move(value));
  }
  if (spec.isolate) {
    entries["HOME"] = home.string();
    entries["XDG_CONFIG_HOME"] = (home / ".config").string();
    entries["XDG_CACHE_HOME"] = (home / ".cache").string();
    entries["XDG_DATA_HOME"] = (home / ".local/share").string();
    entries["XDG_STATE_HOME"] = (home / ".local/state").string();
    entries["TMPDIR"] = (home / "tmp").string();
  }
  for (const auto& [name, value] : spec.set)
    entries.insert_or_assign(name, values.expand(value));
  if (!spec.path_prepend.empty()) {
    std::string path;
    for (const std::string& directory : spec.path_prepend) {
      if (!path.empty()) path += ':';
      path += values.expand(directory);
    }
    const auto existing = entries.find("PATH");
    if (existing != entries.end() && !existing->second.empty()) path += ':' + existing->second;
    entries["PATH"] = path;
  }
  std::vector<std::string> environment;
  environment.reserve(entries.size());
  for (const auto& [name, value] : entries)
    environment.push_back(name + "=" + value);
  return environment;
}

}  // namespace tas
