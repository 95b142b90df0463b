#include "program_path.hpp"

#include <filesystem>
#include <string_view>

#include <fmt/format.h>
#include <unistd.h>

#include <tas/backends/backend_error.hpp>

namespace tas {
namespace {

namespace fs = std::filesystem;

std::string search_path(const LaunchSpec& spec) {
  for (const std::string& entry : spec.environment) {
    if (entry.rfind("PATH=", 0) == 0) return entry.substr(5);
  }
  // What execvp searches when there is no PATH at all.
  const std::size_t size = ::confstr(_CS_PATH, nullptr, 0);
  std::string fallback(size, '\0');
  if (size == 0 || ::confstr(_CS_PATH, fallback.data(), size) == 0) return "/bin:/usr/bin";
  fallback.resize(size - 1);
  return fallback;
}

}  // namespace

std::string resolve_program(const LaunchSpec& spec) {
  const std::string& name = spec.argv.front();
  if (name.empty()) {
    throw BackendError(fmt::format("cannot start {}: its program (argv[0]) is empty", spec.role));
  }
  if (name.find('/') != std::string::npos) return name;

  const std::string path = search_path(spec);
  std::string not_executable;
  std::string_view rest(path);
  for (;;) {
    const std::size_t colon = rest.find(':');
    std::string_view directory = rest.substr(0, colon);
    if (directory.empty()) directory = ".";  // an empty PATH element means the current directory
    fs::path candidate = fs::path(directory) / name;
    const fs::path as_seen = candidate.is_relative() && !spec.working_directory.empty()
                                 ? spec.working_directory / candidate
                                 : candidate;
    std::error_code error;
    if (fs::is_regular_file(as_seen, error)) {
      // Absolute, because the child resolves it only after changing into its working directory.
      if (::access(as_seen.c_str(), X_OK) == 0) return fs::absolute(as_seen).string();
      if (not_executable.empty()) not_executable = as_seen.string();
    }
    if (colon == std::string_view::npos) break;
    rest.remove_prefix(colon + 1);
  }
  if (!not_executable.empty()) {
    throw BackendError(fmt::format(
        "cannot start {}: program '{}' was found as {}, but that file is not executable; make it "
        "executable (chmod +x) or fix the PATH",
        spec.role, name, not_executable));
  }
  throw BackendError(fmt::format(
      "cannot start {}: program '{}' was not found on the PATH of its environment ({}); give an "
      "absolute path or add its directory to the profile's PATH",
      spec.role, name, path));
}

}  // namespace tas
