#pragma once

#include <filesystem>
#include <string_view>

namespace tas {

// The names the harness itself uses inside a throwaway home. The agent's own files (config, state,
// logs) are placed by its profile; these are the harness's.
struct HomeLayout {
  static constexpr std::string_view kMarkerName = ".test-as-self-home";
  static constexpr std::string_view kReportName = "test-as-self-report.json";

  std::filesystem::path root;
  std::filesystem::path marker;      // proves the directory was made by this harness
  std::filesystem::path logs;        // the children's captured stdout and stderr
  std::filesystem::path token_file;  // 0600, deleted at teardown
  std::filesystem::path dist_link;   // symlink to the agent's build
  std::filesystem::path report;      // the report while the home exists

  static HomeLayout of(const std::filesystem::path& root) {
    return {root,          root / kMarkerName, root / "logs", root / "bot-token",
            root / "dist", root / kReportName};
  }
};

}  // namespace tas
