#include <map>
#include <memory>

#include "embedded_schemas.hpp"
#include "schema_violation.hpp"
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include <tas/core/json_schema.hpp>

namespace tas {
namespace {

using nlohmann::json;

constexpr std::string_view kSchemaFiles[] = {kProfileSchemaFile, kLiveConfigSchemaFile,
                                             kJudgeConfigSchemaFile, kReportSchemaFile};

// A "$ref" to another schema names its file ("judge-config.schema.json"), possibly resolved
// against the referring schema's "$id"; the file name is what identifies it here.
std::string_view file_name_of(std::string_view uri) {
  const auto slash = uri.rfind('/');
  return slash == std::string_view::npos ? uri : uri.substr(slash + 1);
}

// Each schema compiled once, on first use: they are constants of the program.
const valijson::Schema& compiled(std::string_view file_name) {
  static const auto schemas = [] {
    std::map<std::string, std::unique_ptr<valijson::Schema>, std::less<>> out;
    for (const std::string_view name : kSchemaFiles) {
      auto schema = std::make_unique<valijson::Schema>();
      valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
      const valijson::adapters::NlohmannJsonAdapter root(*schema_detail::schema_document(name));
      parser.populateSchema(
          root, *schema,
          [](const std::string& uri) -> const json* {
            const json* document = schema_detail::schema_document(file_name_of(uri));
            return document == nullptr ? nullptr : new json(*document);
          },
          [](const json* document) { delete document; });
      out.emplace(name, std::move(schema));
    }
    return out;
  }();
  return *schemas.at(std::string(file_name));
}

}  // namespace

namespace schema_detail {

const json* schema_document(std::string_view file_name) {
  static const auto documents = [] {
    std::map<std::string, json, std::less<>> out;
    for (const std::string_view name : kSchemaFiles)
      out.emplace(name, json::parse(embedded_schema_text(name)));
    return out;
  }();
  const auto found = documents.find(file_name);
  return found == documents.end() ? nullptr : &found->second;
}

}  // namespace schema_detail

std::string_view embedded_schema(std::string_view file_name) {
  return schema_detail::embedded_schema_text(file_name);
}

std::string SchemaViolation::describe() const {
  return (pointer.empty() ? std::string("the document") : pointer) + ": " + problem;
}

std::optional<SchemaViolation> schema_violation(const json& document,
                                                std::string_view schema_file) {
  valijson::Validator validator(valijson::Validator::kStrongTypes);
  valijson::ValidationResults results;
  const valijson::adapters::NlohmannJsonAdapter target(document);
  if (validator.validate(compiled(schema_file), target, &results)) return std::nullopt;
  std::vector<schema_detail::ValidatorError> errors;
  for (const auto& error : results)
    errors.push_back({error.context, error.description});
  return schema_detail::explain(document, schema_file, errors);
}

}  // namespace tas
