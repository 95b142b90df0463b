// reference-agent-rebuild: the reference agent's `npm rebuild`. Stamps the native directory with
// the runtime this build is for; the server refuses to start without that stamp, so a deploy that
// skips the rebuild fails the way a real one does.

#include <cstdio>

#include "agent_error.hpp"
#include "config.hpp"
#include "native_stamp.hpp"
#include "timings.hpp"
#include "version.hpp"
#include <CLI/CLI.hpp>
#include <fmt/format.h>

namespace tas::reference_agent {
namespace {

struct RebuildOptions {
  std::filesystem::path home;
  std::filesystem::path native_dir;
};

// <home>/agent.json, the config the harness wrote into the home: it names the native directory
// (and the timings file, when there is one).
Config config_of_home(const std::filesystem::path& home) {
  const std::filesystem::path config_file = home / "agent.json";
  std::error_code error;
  if (!std::filesystem::exists(config_file, error)) {
    throw AgentError(exit_code::kConfig,
                     fmt::format("no agent config at {}: --home must be the agent's home, holding "
                                 "agent.json with \"nativeDir\". Write the config first, or pass "
                                 "--native-dir.",
                                 config_file.string()));
  }
  return load_config(config_file);
}

int run_rebuild(const RebuildOptions& options, std::int64_t started_us) {
  std::filesystem::path native_dir = options.native_dir;
  if (native_dir.empty()) {
    const Config config = config_of_home(options.home);
    start_timings(config.timings_file, "rebuild", started_us);
    native_dir = config.native_dir;
  }
  const std::filesystem::path stamp = write_native_stamp(native_dir);
  std::printf("rebuilt native modules for %s: %s\n", runtime_name().c_str(), stamp.c_str());
  record_timing("exit");
  return exit_code::kOk;
}

}  // namespace
}  // namespace tas::reference_agent

int main(int argc, char** argv) {
  using namespace tas::reference_agent;
  const std::int64_t started_us = realtime_us();
  CLI::App app("reference-agent-rebuild: builds the native modules for this runtime",
               "reference-agent-rebuild");
  RebuildOptions options;
  app.set_version_flag("--version", "reference-agent-rebuild " + std::string(kVersion));
  auto* home = app.add_option("--home", options.home,
                              "the agent's home; its agent.json names the native directory");
  auto* native = app.add_option("--native-dir", options.native_dir,
                                "the native directory itself (instead of --home)");
  home->excludes(native);
  app.require_option(1);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error) == 0 ? exit_code::kOk : exit_code::kConfig;
  }
  try {
    return run_rebuild(options, started_us);
  } catch (const AgentError& error) {
    std::fprintf(stderr, "%s\n", error.what());
    return error.exit_code();
  } catch (const std::exception& error) {
    std::fprintf(stderr, "reference-agent-rebuild: %s\n", error.what());
    return exit_code::kFailure;
  }
}
