#include <nlohmann/json.hpp>

#include <tas/core/sha256.hpp>
#include <tas/engine/kept_home.hpp>

namespace tas {
namespace {

using nlohmann::json;

std::optional<std::string> run_id_in(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  const json document = json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (!document.is_object() || !document.contains("run_id") || !document["run_id"].is_string()) {
    return std::nullopt;
  }
  std::string run_id = document["run_id"].get<std::string>();
  if (run_id.empty()) return std::nullopt;
  return run_id;
}

}  // namespace

std::filesystem::path KeptHomeRecords::record_file(const std::filesystem::path& real_home) const {
  return directory_ / (sha256_hex(real_home.string()).substr(0, 32) + ".json");
}

std::string KeptHomeRecords::record_content(const std::string& run_id,
                                            const std::filesystem::path& real_home) {
  return json{{"tool", "test-as-self"}, {"run_id", run_id}, {"home", real_home.string()}}.dump(2) +
         "\n";
}

bool KeptHomeRecords::proves(const std::optional<std::string>& marker,
                             const std::optional<std::string>& record,
                             const std::filesystem::path& real_home) {
  const auto marked_by = run_id_in(marker);
  const auto recorded_by = run_id_in(record);
  if (!marked_by || !recorded_by || *marked_by != *recorded_by) return false;
  const json document = json::parse(*record, nullptr, /*allow_exceptions=*/false);
  return document.contains("home") && document["home"].is_string() &&
         document["home"].get<std::string>() == real_home.string();
}

std::string home_marker_content(const std::string& run_id, const std::string& profile_name,
                                const std::string& created_at) {
  return json{{"tool", "test-as-self"},
              {"run_id", run_id},
              {"profile", profile_name},
              {"created_at", created_at}}
             .dump(2) +
         "\n";
}

}  // namespace tas
