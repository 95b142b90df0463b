#pragma once

#include <chrono>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <tas/core/errors.hpp>
#include <tas/core/json_value_text.hpp>
#include <tas/core/placeholders.hpp>
#include <tas/core/secret_shapes.hpp>

namespace tas::profile_detail {

using nlohmann::json;

// Reads one JSON object of the profile, naming each field by its dotted path in every error,
// and refusing fields it does not know (a misspelt field would otherwise be silently ignored).
class Fields {
 public:
  Fields(const json& object, std::string path, const std::string& source)
      : object_(object), path_(std::move(path)), source_(source) {}

  [[noreturn]] void fail(std::string_view field, std::string_view expected,
                         std::string_view found) const {
    throw UsageError(
        fmt::format("profile {}: field '{}' must be {}, found {}. Fix the profile (the "
                    "format is described in docs/profile.md).",
                    source_, shown_value(name(field), false), expected, found));
  }

  std::string name(std::string_view field) const {
    return path_.empty() ? std::string(field) : fmt::format("{}.{}", path_, field);
  }

  const json* find(std::string_view field) {
    seen_.insert(std::string(field));
    const auto it = object_.find(field);
    return it == object_.end() || it->is_null() ? nullptr : &*it;
  }

  const json& require(std::string_view field) {
    const json* value = find(field);
    if (value == nullptr) fail(field, "present", "nothing");
    return *value;
  }

  std::string string(std::string_view field, bool required = true, std::string fallback = {}) {
    const json* value = required ? &require(field) : find(field);
    if (value == nullptr) return fallback;
    if (!value->is_string()) fail(field, "a string", json_type_name(*value));
    return checked(field, value->get<std::string>());
  }

  std::string template_string(std::string_view field, bool required = true,
                              std::string fallback = {}) {
    std::string text = string(field, required, std::move(fallback));
    if (const std::string problem = template_problem(text); !problem.empty()) {
      fail(field, "a valid template", problem);
    }
    return text;
  }

  std::vector<std::string> strings(std::string_view field, bool templates, bool non_empty) {
    const json* value = find(field);
    if (value == nullptr) {
      if (non_empty) fail(field, "a non-empty array of strings", "nothing");
      return {};
    }
    if (!value->is_array()) fail(field, "an array of strings", json_type_name(*value));
    if (non_empty && value->empty()) fail(field, "a non-empty array of strings", "an empty array");
    std::vector<std::string> out;
    for (std::size_t i = 0; i < value->size(); ++i) {
      const json& item = (*value)[i];
      const std::string item_name = fmt::format("{}[{}]", field, i);
      if (!item.is_string()) fail(item_name, "a string", json_type_name(item));
      std::string text = checked(item_name, item.get<std::string>());
      if (templates) {
        if (const std::string problem = template_problem(text); !problem.empty()) {
          fail(item_name, "a valid template", problem);
        }
      }
      out.push_back(std::move(text));
    }
    return out;
  }

  bool boolean(std::string_view field, bool fallback) {
    const json* value = find(field);
    if (value == nullptr) return fallback;
    if (!value->is_boolean()) fail(field, "true or false", json_type_name(*value));
    return value->get<bool>();
  }

  // A whole number of seconds from 1 to `max`: a larger one overflows a deadline's clock
  // arithmetic and ends the command at once instead of never.
  std::chrono::seconds seconds(std::string_view field, std::chrono::seconds fallback,
                               std::chrono::seconds max) {
    const json* value = find(field);
    if (value == nullptr) return fallback;
    const std::string expected =
        fmt::format("a whole number of seconds from 1 to {}", static_cast<long long>(max.count()));
    if (value->is_number_integer()) {
      // Compared as unsigned only after the sign: a negative value must not wrap into range.
      const bool negative = !value->is_number_unsigned() && value->get<std::int64_t>() < 0;
      const auto count = negative ? 0 : value->get<std::uint64_t>();
      if (count < 1 || count > static_cast<std::uint64_t>(max.count()))
        fail(field, expected, value->dump());
      return std::chrono::seconds(static_cast<long long>(count));
    }
    if (value->is_number_float()) fail(field, expected, value->dump());
    fail(field, expected, json_type_name(*value));
  }

  Fields object(std::string_view field) {
    const json* value = find(field);
    static const json kEmpty = json::object();
    if (value == nullptr) return Fields(kEmpty, name(field), source_);
    if (!value->is_object()) fail(field, "an object", json_type_name(*value));
    return Fields(*value, name(field), source_);
  }

  // Every field of the object was read; anything else is a typo.
  void no_others() const {
    for (const auto& [key, value] : object_.items()) {
      if (!seen_.contains(key)) {
        throw UsageError(fmt::format(
            "profile {}: unknown field '{}'. Check its spelling against docs/profile.md.", source_,
            shown_value(name(key), false)));
      }
    }
  }

  const std::string& source() const { return source_; }

 private:
  // No raw secret may sit in a profile: it would end up in an argument or the environment.
  std::string checked(std::string_view field, std::string text) const {
    if (const auto match = find_secret_shape(text)) {
      throw UsageError(fmt::format(
          "profile {}: field '{}' contains what looks like a raw {}. A profile must never carry a "
          "secret; the token reaches the agent only through {{token_file}}.",
          source_, name(field), match->kind));
    }
    return text;
  }

  const json& object_;
  std::string path_;
  const std::string& source_;
  std::set<std::string, std::less<>> seen_;
};

}  // namespace tas::profile_detail
