#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include <tas/core/json_schema.hpp>

namespace tas::schema_detail {

// One error as the validator reports it: where, as its path of "[key]" and "[index]" steps
// under "<root>", and its own fixed wording.
struct ValidatorError {
  std::vector<std::string> context;
  std::string description;
};

// The schema documents by file name, parsed once; a "$ref" to another file names it.
[[nodiscard]] const nlohmann::json* schema_document(std::string_view file_name);

// Turns the validator's errors into one violation a person can act on: the deepest specific error
// (not a "failed to validate against …" summary above it), its place as a JSON pointer, what the
// schema expects there, read from the schema itself, and what the document holds instead.
[[nodiscard]] SchemaViolation explain(const nlohmann::json& document, std::string_view schema_file,
                                      const std::vector<ValidatorError>& errors);

}  // namespace tas::schema_detail
