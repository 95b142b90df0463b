#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <tas/backends/process_launcher.hpp>
#include <tas/core/profile.hpp>
#include <tas/evidence/verify_evidence.hpp>

namespace tas {

// A child of the run as the verifier sees it.
struct ChildView {
  std::string role;
  int pid = 0;
  std::optional<ExitStatus> exit;  // nullopt: still running
  std::filesystem::path stdout_file;
  std::filesystem::path stderr_file;
};

struct VerifyInput {
  std::filesystem::path home;
  std::filesystem::path state_dir;
  std::optional<std::string> token_hash;  // nullopt: no bot, so no lease is expected
  std::vector<ChildView> children;
  std::vector<std::filesystem::path> logs;  // the agent's own log files
  DemotionPatterns demotion;
  // The log of the server started without its no-poll flag, when the demotion path was
  // exercised; the verifier then requires the lease-detected line there and the other line
  // nowhere in it.
  std::optional<std::filesystem::path> demoted_server_log;
  // The log of the server started with its no-poll flag.
  std::optional<std::filesystem::path> no_poll_server_log;
  std::vector<std::string> crash_patterns;  // the profile's, added to the standard set
  std::filesystem::path crash_report_dir;
};

// Step 6's deterministic verifier over a running deploy (docs/steps.md, '6 verify'). Returns its
// checks, each with its own verdict, and the logs it read: the whole result is the step's
// evidence. Whether the checks together pass is VerifyEvidence::problem()'s to say, not the
// verifier's.
class Verifier {
 public:
  virtual ~Verifier() = default;
  virtual VerifyEvidence verify(const VerifyInput& input) = 0;
};

}  // namespace tas
