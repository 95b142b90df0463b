#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <tas/core/json_value_text.hpp>

namespace tas {

std::string_view json_type_name(const nlohmann::json& value) {
  using nlohmann::json;
  switch (value.type()) {
    case json::value_t::null:
      return "null";
    case json::value_t::object:
      return "an object";
    case json::value_t::array:
      return "an array";
    case json::value_t::string:
      return "a string";
    case json::value_t::boolean:
      return "a boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
      return "an integer";
    case json::value_t::number_float:
      return "a number with a fraction";
    default:
      return "something else";
  }
}

std::string shown_value(std::string_view text, bool quoted) {
  constexpr std::size_t kMaxShown = 80;
  const std::string_view quote = quoted ? "\"" : "";
  if (text.size() > kMaxShown) {
    return fmt::format("{}{}… ({} bytes)", quote, text.substr(0, kMaxShown), text.size());
  }
  return fmt::format("{}{}{}", quote, text, quote);
}

}  // namespace tas
