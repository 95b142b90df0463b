#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace tas {

// An agent profile (docs/profile.md): how to deploy and observe one kind of agent. Every command is
// an argument vector of templates (placeholders.hpp), never a shell string. Relative paths in the
// file are taken from the profile's own directory.
struct CommandSpec {
  std::string name;               // what the report and the console call it ("rebuild", a hook)
  std::vector<std::string> argv;  // templates; argv[0] is the program
  std::chrono::seconds timeout{0};
};

struct ServerSpec {
  CommandSpec command;
  std::string no_poll_flag;  // appended when the lifeline owns polling
};

struct PortSpec {
  enum class Source { allocate, config };
  Source source = Source::allocate;
  std::string config_pointer;  // JSON pointer into the agent's config file (Source::config)
};

struct ConfigSpec {
  std::string path;            // template of the agent's config file
  nlohmann::json initial;      // written by target-prep, placeholders expanded in every string
  nlohmann::json merge_patch;  // RFC 7386 patch applied after init, before start (null: none)
};

struct EnvironmentSpec {
  // HOME, the XDG directories and TMPDIR inside the throwaway home, and the harness's own
  // environment stripped to `allow`.
  bool isolate = true;
  std::vector<std::string> allow;
  std::vector<std::pair<std::string, std::string>> set;  // values are templates
  std::vector<std::string> path_prepend;                 // templates
};

struct CrashReportSpec {
  std::vector<std::string> server_args;    // extra arguments for the server (templates)
  std::vector<std::string> lifeline_args;  // extra arguments for the lifeline (templates)
  std::string directory;                   // template; crash reports found here are ingested
  bool core_dumps = false;                 // raise RLIMIT_CORE for native agents
};

struct DemotionPatterns {
  std::string lease_detected;  // the line of a server that found the lease and demoted itself
  std::string no_poll_flag;    // the line of a server started with its no-poll flag
};

struct AgentProfile {
  std::string source;  // the file it was read from, or "<embedded reference profile>"
  std::string name;
  std::filesystem::path dist;
  std::optional<std::filesystem::path> canonical_home;
  std::vector<std::filesystem::path> protected_paths;
  std::vector<std::string> protected_names;
  std::string state_dir;  // template
  ConfigSpec config;
  PortSpec port;
  std::optional<CommandSpec> rebuild;
  std::optional<CommandSpec> init;
  ServerSpec server;
  CommandSpec lifeline;
  std::string health_path = "/health";
  std::vector<std::string> logs;  // templates of the agent's own log files
  DemotionPatterns demotion;
  std::vector<std::string> crash_patterns;  // added to the standard set (crash_scan.hpp)
  CrashReportSpec crash_reports;
  EnvironmentSpec environment;
  std::vector<CommandSpec> hooks_before_start;
  std::vector<CommandSpec> hooks_teardown;
  std::chrono::seconds command_timeout{300};
  std::chrono::seconds stop_grace{5};
};

inline constexpr std::string_view kProfileSchema = "test-as-self/profile@1";

// Reads and validates a profile file. Throws UsageError (exit 64) naming the file, the field, what
// was expected and what was found.
[[nodiscard]] AgentProfile load_profile(const std::filesystem::path& file);

// Parses and validates a profile's text (what load_profile does after reading the file).
[[nodiscard]] AgentProfile profile_from_text(std::string_view text, std::string source,
                                             const std::filesystem::path& base_dir,
                                             const std::filesystem::path& home);

// Validates an already parsed profile; `base_dir` anchors its relative paths, `home` expands "~".
[[nodiscard]] AgentProfile parse_profile(const nlohmann::json& document, std::string source,
                                         const std::filesystem::path& base_dir,
                                         const std::filesystem::path& home);

}  // namespace tas
