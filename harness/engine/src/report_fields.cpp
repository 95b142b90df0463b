#include "report_fields.hpp"

#include <chrono>
#include <cstdio>

#include <fmt/format.h>

namespace tas {

using json = nlohmann::ordered_json;

std::string text_at(const json& object, std::string_view key) {
  if (!object.is_object()) return {};
  const auto found = object.find(key);
  if (found == object.end() || found->is_null() || found->is_structured()) return {};
  if (found->is_string()) return found->get<std::string>();
  return found->dump();
}

std::optional<std::int64_t> integer_at(const json& object, std::string_view key) {
  if (!object.is_object()) return std::nullopt;
  const auto found = object.find(key);
  if (found == object.end() || !found->is_number_integer()) return std::nullopt;
  return found->get<std::int64_t>();
}

const json& object_at(const json& object, std::string_view key) {
  static const json empty = json::object();
  if (!object.is_object()) return empty;
  const auto found = object.find(key);
  return found != object.end() && found->is_object() ? *found : empty;
}

const json& array_at(const json& object, std::string_view key) {
  static const json empty = json::array();
  if (!object.is_object()) return empty;
  const auto found = object.find(key);
  return found != object.end() && found->is_array() ? *found : empty;
}

std::string first_line_of(std::string_view text) {
  return std::string(text.substr(0, text.find('\n')));
}

std::string seconds_text(std::optional<std::int64_t> milliseconds) {
  if (!milliseconds) return "—";
  // Below a second, the milliseconds: most steps of a healthy run take a few, and "0.0 s" says
  // nothing about which took longest.
  if (*milliseconds < 1000) return fmt::format("{} ms", *milliseconds);
  return fmt::format("{:.1f} s", static_cast<double>(*milliseconds) / 1000.0);
}

std::optional<std::int64_t> epoch_milliseconds(std::string_view iso8601) {
  // The report writes exactly this shape (iso8601_utc); anything else is not read.
  if (iso8601.size() != 24 || iso8601.back() != 'Z') return std::nullopt;
  const std::string text(iso8601);
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, millisecond = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d.%3dZ", &year, &month, &day, &hour, &minute,
                  &second, &millisecond) != 7) {
    return std::nullopt;
  }
  const std::chrono::year_month_day date{std::chrono::year(year),
                                         std::chrono::month(static_cast<unsigned>(month)),
                                         std::chrono::day(static_cast<unsigned>(day))};
  if (!date.ok()) return std::nullopt;
  const auto time = std::chrono::sys_days(date) + std::chrono::hours(hour) +
                    std::chrono::minutes(minute) + std::chrono::seconds(second) +
                    std::chrono::milliseconds(millisecond);
  return std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
}

}  // namespace tas
