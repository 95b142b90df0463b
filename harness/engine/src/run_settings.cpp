#include <tas/engine/run_settings.hpp>

namespace tas {

nlohmann::json RunSettings::to_json() const {
  return {
      {"target", target.string()},
      {"bot_token_drop_id",
       bot_token_drop_id ? nlohmann::json(*bot_token_drop_id) : nlohmann::json(nullptr)},
      {"keep", keep},
      {"no_roundtrip", no_roundtrip},
      {"until", until ? nlohmann::json(name_of(*until)) : nlohmann::json(nullptr)},
      {"report_json", report_file.string()},
      {"timeout_s", timeout.count()},
      {"run_id", run_id},
  };
}

}  // namespace tas
