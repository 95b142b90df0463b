#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

// The value of a MIME header with parameters, such as Content-Type
// ("multipart/form-data; boundary=x") or Content-Disposition ("form-data; name=\"a\"").
namespace tas::http_server::detail {

struct HeaderParameter {
  std::string name;  // lower-cased: parameter names are case-insensitive
  std::string value;
};

struct HeaderValue {
  std::string type;  // what stands before the first ';', trimmed and lower-cased
  std::vector<HeaderParameter> parameters;

  // The value of the first parameter called `lower_name`, or null.
  [[nodiscard]] const std::string* find(std::string_view lower_name) const;
};

// Splits `text` into its type and `; name=value` parameters, each value a bare token (trimmed,
// up to the next ';') or a quoted string. In a quoted string only \" and \\ are escapes: a
// browser sends a backslash in a file name as it is, and it must stay. A parameter without '=' is
// skipped. nullopt when a quoted string is not closed.
[[nodiscard]] std::optional<HeaderValue> parse_header_value(std::string_view text);

// `text` without the blanks and tabs around it.
[[nodiscard]] std::string_view trim_blanks(std::string_view text);

[[nodiscard]] bool equals_ignoring_case(std::string_view text, std::string_view lower);

}  // namespace tas::http_server::detail
