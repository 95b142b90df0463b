#include "native_stamp.hpp"

#include <fstream>
#include <sstream>

#include "agent_error.hpp"
#include "version.hpp"
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <tas/core/atomic_file.hpp>
#include <tas/core/lease.hpp>

namespace tas::reference_agent {

std::filesystem::path native_stamp_path(const std::filesystem::path& native_dir) {
  return native_dir / "runtime.json";
}

std::filesystem::path write_native_stamp(const std::filesystem::path& native_dir) {
  std::filesystem::create_directories(native_dir);
  const nlohmann::json stamp = {{"runtime", runtime_name()}, {"builtAt", tas::lease::now_ms()}};
  const std::filesystem::path file = native_stamp_path(native_dir);
  // A build output like any other: a power cut that loses it is mended by the next rebuild.
  tas::write_file_atomically(file, stamp.dump() + "\n", std::filesystem::perms(0644),
                             tas::Durability::crash_safe);
  return file;
}

void check_native_stamp(const std::filesystem::path& native_dir) {
  const std::filesystem::path file = native_stamp_path(native_dir);
  std::error_code error;
  if (!std::filesystem::exists(file, error)) {
    throw AgentError(
        exit_code::kNativeMissing,
        fmt::format("native module missing: {}; run the rebuild command", file.string()));
  }
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  const auto stamp = nlohmann::json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (!stamp.is_object() || !stamp.contains("runtime") || !stamp["runtime"].is_string()) {
    throw AgentError(exit_code::kNativeMissing,
                     fmt::format("native module unreadable: {} (expected {{\"runtime\": \"{}\", "
                                 "\"builtAt\": <ms>}}); run the rebuild command",
                                 file.string(), runtime_name()));
  }
  if (const auto runtime = stamp["runtime"].get<std::string>(); runtime != runtime_name()) {
    throw AgentError(exit_code::kNativeMissing,
                     fmt::format("native module built for another runtime: {} says \"{}\", this "
                                 "is \"{}\"; run the rebuild command",
                                 file.string(), runtime, runtime_name()));
  }
}

}  // namespace tas::reference_agent
