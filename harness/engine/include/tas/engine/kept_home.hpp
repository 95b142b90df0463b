#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace tas {

// A home kept by `--keep` may be handed to a later run, which resumes it and may then delete it.
// The marker file inside the home cannot prove that on its own — anyone can create a file of that
// name in a directory full of their own work — so the proof is a record the keeping run left in
// the state directory: it names the run and the home's real path, and the marker must name the
// same run.
class KeptHomeRecords {
 public:
  KeptHomeRecords() = default;  // no directory: no home can be proven kept
  explicit KeptHomeRecords(std::filesystem::path directory) : directory_(std::move(directory)) {}

  [[nodiscard]] bool enabled() const { return !directory_.empty(); }
  [[nodiscard]] const std::filesystem::path& directory() const { return directory_; }
  // Where the record of `real_home` lives (a name derived from the path's hash).
  [[nodiscard]] std::filesystem::path record_file(const std::filesystem::path& real_home) const;
  // The record's content for a home kept by `run_id`.
  [[nodiscard]] static std::string record_content(const std::string& run_id,
                                                  const std::filesystem::path& real_home);
  // True when `marker` (the home's marker file) and `record` (its record here) name the same run
  // and the record names `real_home`. Either missing or malformed: false.
  [[nodiscard]] static bool proves(const std::optional<std::string>& marker,
                                   const std::optional<std::string>& record,
                                   const std::filesystem::path& real_home);

 private:
  std::filesystem::path directory_;
};

// The marker a run writes first into its home: which tool, which run, which profile, when.
[[nodiscard]] std::string home_marker_content(const std::string& run_id,
                                              const std::string& profile_name,
                                              const std::string& created_at);

}  // namespace tas
