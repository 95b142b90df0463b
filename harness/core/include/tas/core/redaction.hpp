#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace tas {

class Secret;

// The one redaction function of the project: every line the harness prints, every error message,
// every report string and every log excerpt it copies goes through a Redactor before it leaves
// memory. It removes the secrets it was told about (exact values) and any raw secret shape
// (secret_shapes.hpp), so a token inside a Bot API URL is caught even if nobody registered it.
class Redactor {
 public:
  static constexpr std::string_view kMask = "[REDACTED]";

  void add_secret(const Secret& secret);
  void add_secret_text(std::string_view secret);

  [[nodiscard]] std::string redact(std::string_view text) const;
  // Redacts every string (keys and values) inside a JSON document.
  [[nodiscard]] nlohmann::json redact_json(const nlohmann::json& document) const;
  // True when `text` contains a registered secret or a raw secret shape.
  [[nodiscard]] bool contains_secret(std::string_view text) const;

 private:
  std::vector<std::string> secrets_;
};

}  // namespace tas
