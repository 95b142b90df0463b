#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

namespace tas {

// How the readers of user-written JSON (profiles, judge and live configurations) describe what
// they found, so every file's errors read alike.

// "a string", "an integer", "an object", …: the kind of a JSON value, for "must be X, found Y".
[[nodiscard]] std::string_view json_type_name(const nlohmann::json& value);

// A value or a field name from the file as an error shows it: in full when short, else cut, so a
// pasted megabyte does not become a megabyte of message. Quoted unless `quoted` is false.
[[nodiscard]] std::string shown_value(std::string_view text, bool quoted = true);

}  // namespace tas
