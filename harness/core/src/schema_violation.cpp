#include "schema_violation.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include <tas/core/json_value_text.hpp>
#include <tas/core/secret_shapes.hpp>

namespace tas::schema_detail {
namespace {

using nlohmann::json;

// A schema node together with the file it sits in, which its local "$ref"s point into.
struct SchemaNode {
  const json* node = nullptr;
  std::string_view file;
};

// The program's own name of a schema file, which outlives any reference naming it.
std::string_view known_file(std::string_view uri) {
  const std::string_view name = uri.substr(uri.rfind('/') + 1);
  for (const std::string_view file :
       {kProfileSchemaFile, kLiveConfigSchemaFile, kJudgeConfigSchemaFile, kReportSchemaFile}) {
    if (file == name) return file;
  }
  return {};
}

SchemaNode resolved(SchemaNode at) {
  // A chain of references is short in these schemas; the bound only stops a cycle.
  for (int hops = 0; at.node != nullptr && hops < 16; ++hops) {
    const auto ref = at.node->find("$ref");
    if (ref == at.node->end() || !ref->is_string()) return at;
    const std::string& target = ref->get_ref<const std::string&>();
    const auto hash = target.find('#');
    const std::string file = target.substr(0, hash);
    if (!file.empty()) at.file = known_file(file);
    const json* document = schema_document(at.file);
    if (document == nullptr) return {};
    const std::string pointer = hash == std::string::npos ? "" : target.substr(hash + 1);
    const json::json_pointer where(pointer);
    at.node = document->contains(where) ? &document->at(where) : nullptr;
  }
  return at;
}

// The subschema for the member `step` of a value `at` describes, looking into the branches of
// "anyOf", "allOf" and "oneOf" when `at` itself does not say.
SchemaNode child_of(const SchemaNode& at, const std::string& step, int depth = 0) {
  if (at.node == nullptr || !at.node->is_object() || depth > 8) return {};
  const json& node = *at.node;
  if (const auto properties = node.find("properties");
      properties != node.end() && properties->contains(step))
    return resolved({&properties->at(step), at.file});
  if (const auto additional = node.find("additionalProperties");
      additional != node.end() && additional->is_object())
    return resolved({&*additional, at.file});
  if (const auto items = node.find("items"); items != node.end() && items->is_object())
    return resolved({&*items, at.file});
  for (const char* branches : {"anyOf", "allOf", "oneOf"}) {
    const auto found = node.find(branches);
    if (found == node.end() || !found->is_array()) continue;
    for (const json& branch : *found) {
      const SchemaNode child = child_of(resolved({&branch, at.file}), step, depth + 1);
      if (child.node != nullptr) return child;
    }
  }
  return {};
}

// The subschema that describes the value at `path` (keys and indexes) of a conforming document.
SchemaNode schema_at(std::string_view schema_file, const std::vector<std::string>& path) {
  SchemaNode at = resolved({schema_document(schema_file), schema_file});
  for (const std::string& step : path) {
    at = child_of(at, step);
    if (at.node == nullptr) return {};
  }
  return at;
}

std::string listed(const std::vector<std::string>& items, std::string_view last_joint) {
  if (items.empty()) return {};
  if (items.size() == 1) return items.front();
  std::string out;
  for (std::size_t i = 0; i + 1 < items.size(); ++i)
    out += (i == 0 ? "" : ", ") + items[i];
  return fmt::format("{} {} {}", out, last_joint, items.back());
}

std::string number_text(const json& value) {
  return value.dump();
}

std::string range_text(const json& node) {
  const auto minimum = node.find("minimum");
  const auto above = node.find("exclusiveMinimum");
  const auto maximum = node.find("maximum");
  if (minimum != node.end() && maximum != node.end())
    return fmt::format(" from {} to {}", number_text(*minimum), number_text(*maximum));
  if (above != node.end() && maximum != node.end())
    return fmt::format(" more than {} and at most {}", number_text(*above), number_text(*maximum));
  if (minimum != node.end()) return fmt::format(" of at least {}", number_text(*minimum));
  if (above != node.end()) return fmt::format(" of more than {}", number_text(*above));
  if (maximum != node.end()) return fmt::format(" of at most {}", number_text(*maximum));
  return {};
}

std::string plural_of(const SchemaNode& items) {
  if (items.node == nullptr) return "values";
  const json& node = *items.node;
  if (node.contains("title") && node.at("title").is_string())
    return node.at("title").get<std::string>() + "s";
  const std::string type = node.value("type", std::string());
  if (type == "string") return "strings";
  if (type == "integer") return "integers";
  if (type == "object") return "objects";
  return "values";
}

// What the schema expects of a value, in the words of "must be X": read from the schema, so the
// message and the schema cannot drift apart.
std::string expected_of(const SchemaNode& at) {
  if (at.node == nullptr || !at.node->is_object()) return "a valid value";
  const json& node = *at.node;
  if (node.contains("const")) return node.at("const").dump();
  if (const auto choices = node.find("enum"); choices != node.end() && choices->is_array()) {
    std::vector<std::string> shown;
    for (const json& choice : *choices)
      shown.push_back(choice.dump());
    return listed(shown, "or");
  }
  // A field's description is written as what it must be ("an http:// or https:// URL"); a whole
  // schema's is prose.
  if (const auto description = node.find("description");
      description != node.end() && description->is_string() && at.node != schema_document(at.file))
    return description->get<std::string>();
  const auto type = node.find("type");
  if (type != node.end() && type->is_array()) {
    // ["integer", "null"]: each type alone, joined.
    std::vector<std::string> each;
    for (const json& name : *type) {
      json alone = node;
      alone["type"] = name;
      each.push_back(expected_of({&alone, at.file}));
    }
    return listed(each, "or");
  }
  if (type == node.end() || !type->is_string()) {
    // {"anyOf": [{"type": "null"}, {"$ref": …}]}: what each branch expects.
    if (const auto branches = node.find("anyOf"); branches != node.end() && branches->is_array()) {
      std::vector<std::string> each;
      for (const json& branch : *branches)
        each.push_back(expected_of(resolved({&branch, at.file})));
      return listed(each, "or");
    }
    return "a valid value";
  }
  const std::string& name = type->get_ref<const std::string&>();
  if (name == "string") return node.value("minLength", 0) > 0 ? "a non-empty string" : "a string";
  if (name == "integer") return "an integer" + range_text(node);
  if (name == "number") return "a number" + range_text(node);
  if (name == "boolean") return "true or false";
  if (name == "object") return "an object";
  if (name == "null") return "null";
  if (name == "array") {
    SchemaNode items{nullptr, at.file};
    if (const auto found = node.find("items"); found != node.end()) items.node = &*found;
    const std::string what = "an array of " + plural_of(resolved(items));
    return node.value("minItems", 0) > 0 ? "a non-empty " + what.substr(3) : what;
  }
  return "a valid value";
}

// A name or a string from the document, as a message may show it: never a secret, never long.
std::string safely_shown(std::string_view text, bool quoted) {
  if (const auto match = find_secret_shape(text))
    return fmt::format("what looks like a raw {} (not shown)", match->kind);
  return shown_value(text, quoted);
}

// What the document holds, in the words of "found Y". A string that fails a pattern is not
// repeated: such fields (a Secret Drop ID) are where a pasted secret would land.
std::string found_of(const json& value, std::string_view description) {
  if (description.starts_with("Value type not permitted")) {
    if (value.is_number()) return fmt::format("{} ({})", json_type_name(value), value.dump());
    return std::string(json_type_name(value));
  }
  if (value.is_string()) {
    const std::string& text = value.get_ref<const std::string&>();
    if (description.starts_with("Failed to match regex") && !find_secret_shape(text))
      return "a string that is not one (not shown)";
    return safely_shown(text, true);
  }
  if (value.is_boolean()) return fmt::format("a boolean ({})", value.dump());
  if (value.is_array())
    return value.empty() ? "an empty array" : fmt::format("an array of {}", value.size());
  if (value.is_object()) return "an object";
  return value.dump();
}

std::string pointer_of(const std::vector<std::string>& path) {
  std::string out;
  for (const std::string& step : path) {
    std::string escaped;
    for (const char c : step) {
      if (c == '~') {
        escaped += "~0";
      } else if (c == '/') {
        escaped += "~1";
      } else {
        escaped += c;
      }
    }
    out += "/" + (find_secret_shape(escaped) ? std::string("…") : shown_value(escaped, false));
  }
  return out;
}

std::string quoted_name(std::string_view description, std::string_view prefix) {
  const std::string_view rest = description.substr(prefix.size());
  const auto end = rest.rfind('\'');
  return std::string(end == std::string_view::npos ? rest : rest.substr(0, end));
}

// The validator's fixed wordings this file reads a name out of.
constexpr std::string_view kMissing = "Missing required property '";
constexpr std::string_view kUnknown =
    "Object contains a property that could not be validated using 'properties' or "
    "'additionalProperties' constraints: '";
constexpr std::string_view kDependency = "Missing dependency '";

bool is_summary(std::string_view description) {
  return description.starts_with("Failed to validate") ||
         description.starts_with("Cannot validate item");
}

}  // namespace

SchemaViolation explain(const json& document, std::string_view schema_file,
                        const std::vector<ValidatorError>& errors) {
  if (errors.empty()) return {"", "does not conform to its schema"};
  // An unknown field comes first: a misspelt one also explains the required one "missing".
  const ValidatorError* chosen = nullptr;
  for (const ValidatorError& error : errors) {
    if (error.description.starts_with(kUnknown)) {
      chosen = &error;
      break;
    }
  }
  // Otherwise the deepest specific error; of equally deep ones the last, which is the later branch
  // of an "anyOf" — in these schemas the full record after its null or empty alternative.
  std::size_t deepest = 0;
  for (const ValidatorError& error : errors) {
    if (chosen != nullptr && chosen->description.starts_with(kUnknown)) break;
    if (is_summary(error.description)) continue;
    const bool names_a_field =
        error.description.starts_with(kMissing) || error.description.starts_with(kDependency);
    const std::size_t depth = error.context.size() + (names_a_field ? 1 : 0);
    if (chosen == nullptr || depth >= deepest) {
      chosen = &error;
      deepest = depth;
    }
  }
  if (chosen == nullptr) chosen = &errors.front();

  // The validator names each step "[name]"; the document says whether it is a key or an index.
  std::vector<std::string> path;
  const json* value = &document;
  for (const std::string& step : chosen->context) {
    if (step.size() < 2 || step.front() != '[' || step.back() != ']') continue;  // "<root>"
    std::string name = step.substr(1, step.size() - 2);
    if (value != nullptr && value->is_array() && !name.empty() &&
        std::all_of(name.begin(), name.end(), [](char c) { return std::isdigit(c) != 0; })) {
      const std::size_t index = std::stoul(name);
      value = index < value->size() ? &(*value)[index] : nullptr;
    } else if (value != nullptr && value->is_object() && value->contains(name)) {
      value = &value->at(name);
    } else {
      value = nullptr;
    }
    path.push_back(std::move(name));
  }

  const std::string& description = chosen->description;

  if (description.starts_with(kMissing) || description.starts_with(kDependency)) {
    const bool dependency = description.starts_with(kDependency);
    const std::string field = quoted_name(description, dependency ? kDependency : kMissing);
    std::string because;
    if (dependency) {
      // Which field present here asked for it.
      const SchemaNode parent = schema_at(schema_file, path);
      if (parent.node != nullptr && parent.node->contains("dependencies") && value != nullptr) {
        for (const auto& [name, needs] : parent.node->at("dependencies").items()) {
          if (value->contains(name) && needs.is_array() &&
              std::find(needs.begin(), needs.end(), json(field)) != needs.end()) {
            path.push_back(name);
            because = fmt::format(" (it goes with {})", pointer_of(path));
            path.pop_back();
            break;
          }
        }
      }
    }
    path.push_back(field);
    return {pointer_of(path), fmt::format("expected {}{}, found nothing",
                                          expected_of(schema_at(schema_file, path)), because)};
  }
  if (description.starts_with(kUnknown)) {
    const SchemaNode parent = schema_at(schema_file, path);
    std::vector<std::string> known;
    if (parent.node != nullptr && parent.node->contains("properties")) {
      for (const auto& [name, unused] : parent.node->at("properties").items())
        known.push_back(name);
    }
    path.push_back(quoted_name(description, kUnknown));
    return {pointer_of(path),
            known.empty()
                ? std::string("unknown field")
                : fmt::format("unknown field; the known ones there are {}", listed(known, "and"))};
  }
  const std::string found = value == nullptr ? "nothing" : found_of(*value, description);
  return {pointer_of(path),
          fmt::format("expected {}, found {}", expected_of(schema_at(schema_file, path)), found)};
}

}  // namespace tas::schema_detail
