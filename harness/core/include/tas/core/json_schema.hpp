#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

namespace tas {

// The JSON Schemas of docs/schemas/, compiled into the harness from those very files: the
// documentation and the loaders cannot disagree about what a file may hold.
inline constexpr std::string_view kProfileSchemaFile = "profile.schema.json";
inline constexpr std::string_view kLiveConfigSchemaFile = "live-config.schema.json";
inline constexpr std::string_view kJudgeConfigSchemaFile = "judge-config.schema.json";
inline constexpr std::string_view kReportSchemaFile = "report.schema.json";

// The text of one of them by its file name; empty for a name that is not one.
[[nodiscard]] std::string_view embedded_schema(std::string_view file_name);

// Where a document first departs from its schema, and how.
struct SchemaViolation {
  std::string pointer;  // a JSON pointer into the document: "/server/argv/0", "" for the whole
  std::string problem;  // "expected a string, found an integer", "unknown field; the known …"

  // "/server/argv/0: expected a string, found an integer"
  [[nodiscard]] std::string describe() const;
};

// Validates `document` against the embedded schema `schema_file` (a draft-07 schema, validated by
// valijson). Nothing when it conforms. A value or a name from the document is shown only when it is
// short and not shaped like a secret.
[[nodiscard]] std::optional<SchemaViolation> schema_violation(const nlohmann::json& document,
                                                              std::string_view schema_file);

}  // namespace tas
