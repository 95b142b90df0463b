#include "fields.hpp"

#include <limits>

#include <fmt/format.h>

namespace tas::evidence_json {
namespace {

std::string described(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::null:
      return "null";
    case nlohmann::json::value_t::object:
      return "an object";
    case nlohmann::json::value_t::array:
      return "an array";
    case nlohmann::json::value_t::string:
      return "a string";
    case nlohmann::json::value_t::boolean:
      return "a boolean";
    case nlohmann::json::value_t::number_float:
      return "a fractional number";
    default:
      return "a number";
  }
}

[[noreturn]] void wrong_type(const nlohmann::json& value, std::string_view expected) {
  throw EvidenceError("", fmt::format("is {}, expected {}", described(value), expected));
}

}  // namespace

void require_object(const nlohmann::json& value) {
  if (!value.is_object()) wrong_type(value, "an object");
}

void read_value(const nlohmann::json& value, bool& out) {
  if (!value.is_boolean()) wrong_type(value, "a boolean");
  out = value.get<bool>();
}

void read_value(const nlohmann::json& value, int& out) {
  std::int64_t wide = 0;
  read_value(value, wide);
  if (wide < std::numeric_limits<int>::min() || wide > std::numeric_limits<int>::max()) {
    throw EvidenceError("", fmt::format("is {}, out of range for an int", wide));
  }
  out = static_cast<int>(wide);
}

void read_value(const nlohmann::json& value, std::int64_t& out) {
  if (!value.is_number_integer()) wrong_type(value, "an integer");
  if (value.is_number_unsigned() &&
      value.get<std::uint64_t>() >
          static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    throw EvidenceError("", fmt::format("is {}, out of range", value.get<std::uint64_t>()));
  }
  out = value.get<std::int64_t>();
}

void read_value(const nlohmann::json& value, std::uint64_t& out) {
  if (!value.is_number_integer()) wrong_type(value, "an integer");
  if (!value.is_number_unsigned() && value.get<std::int64_t>() < 0) {
    throw EvidenceError("", fmt::format("is {}, expected a count", value.get<std::int64_t>()));
  }
  out = value.get<std::uint64_t>();
}

void read_value(const nlohmann::json& value, std::string& out) {
  if (!value.is_string()) wrong_type(value, "a string");
  out = value.get<std::string>();
}

void read_value(const nlohmann::json& value, nlohmann::json& out) {
  out = value;
}

}  // namespace tas::evidence_json
