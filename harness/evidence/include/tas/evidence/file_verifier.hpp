#pragma once

#include <tas/evidence/verifier.hpp>

namespace tas {

// Step 6's verifier over the real files of a running deploy (docs/steps.md, '6 verify'). Every log
// is read through its bounded tail, so a flooded multi-gigabyte log costs what a small one does.
//
// Checks, each a row of the result:
//   lease             present, exactly the lease's shape, fresh, owned for the token
//   lease hash-only   no raw secret shape anywhere in the lease file
//   demotion line     the demoted server logged the lease-detected line and not the flag line;
//                     the flagged server logged the flag line and not the lease-detected one
//   no 409            no 409 Conflict in the agent's logs or the children's output
//   no crash          no crash signature (the standard set and the profile's) in any of them
//   children          each alive, or ended with exit code 0; a signal death is a crash
//   crash reports     none in the crash-report directory (their names and tails are kept)
class FileVerifier final : public Verifier {
 public:
  struct Limits {
    std::size_t tail_bytes = 256 * 1024;  // read from the end of each log
    std::size_t max_logs = 64;            // files taken from the log directories
    std::size_t crash_report_bytes = 4096;
  };

  FileVerifier() = default;
  explicit FileVerifier(Limits limits) : limits_(limits) {}
  VerifyEvidence verify(const VerifyInput& input) override;

 private:
  Limits limits_;
};

}  // namespace tas
