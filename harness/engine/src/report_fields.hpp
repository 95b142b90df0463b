#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace tas {

// Reading a finished report's JSON (docs/report.md) for the renderers of its other forms. Each
// tolerates a key that is missing or of another type, so a report one version newer still
// renders: what cannot be read is shown empty, never a crash.

// A string as it is; a number or a boolean as JSON writes it; null, missing or a container: "".
[[nodiscard]] std::string text_at(const nlohmann::ordered_json& object, std::string_view key);

// A whole number (a duration in milliseconds, a size), or nothing.
[[nodiscard]] std::optional<std::int64_t> integer_at(const nlohmann::ordered_json& object,
                                                     std::string_view key);

// The value at `key` when it is an object or array, else an empty one of that kind.
[[nodiscard]] const nlohmann::ordered_json& object_at(const nlohmann::ordered_json& object,
                                                      std::string_view key);
[[nodiscard]] const nlohmann::ordered_json& array_at(const nlohmann::ordered_json& object,
                                                     std::string_view key);

// The text up to its first newline: a step's detail as the console shows it.
[[nodiscard]] std::string first_line_of(std::string_view text);

// "8.5 s", or "43 ms" below a second; "—" for none (a step that never ran).
[[nodiscard]] std::string seconds_text(std::optional<std::int64_t> milliseconds);

// Milliseconds since the epoch of a report's timestamp ("2026-11-23T10:05:03.123Z"), or nothing
// when it is not one.
[[nodiscard]] std::optional<std::int64_t> epoch_milliseconds(std::string_view iso8601);

}  // namespace tas
