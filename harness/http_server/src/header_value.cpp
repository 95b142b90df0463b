#include "header_value.hpp"

#include <algorithm>

namespace tas::http_server::detail {
namespace {

bool is_blank(char c) {
  return c == ' ' || c == '\t';
}

char lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string lowered(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), lower);
  return out;
}

// Reads the quoted string that opens `text` (at its '"'); `text` is left just past the closing
// quote. nullopt when it is not closed.
std::optional<std::string> read_quoted(std::string_view& text) {
  std::string value;
  for (std::size_t at = 1; at < text.size(); ++at) {
    const char c = text[at];
    if (c == '"') {
      text.remove_prefix(at + 1);
      return value;
    }
    if (c == '\\' && at + 1 < text.size() && (text[at + 1] == '"' || text[at + 1] == '\\')) ++at;
    value.push_back(text[at]);
  }
  return std::nullopt;
}

}  // namespace

const std::string* HeaderValue::find(std::string_view lower_name) const {
  for (const HeaderParameter& parameter : parameters) {
    if (parameter.name == lower_name) return &parameter.value;
  }
  return nullptr;
}

std::optional<HeaderValue> parse_header_value(std::string_view text) {
  HeaderValue header;
  const std::size_t type_end = std::min(text.find(';'), text.size());
  header.type = lowered(trim_blanks(text.substr(0, type_end)));
  text.remove_prefix(type_end);
  while (!text.empty()) {
    text.remove_prefix(1);  // the ';' that ends the type or the previous parameter
    const std::size_t name_end = std::min(text.find_first_of("=;"), text.size());
    const std::string_view name = trim_blanks(text.substr(0, name_end));
    text.remove_prefix(name_end);
    if (text.empty() || text.front() == ';') continue;
    text = trim_blanks(text.substr(1));
    std::string value;
    if (!text.empty() && text.front() == '"') {
      std::optional<std::string> quoted = read_quoted(text);
      if (!quoted) return std::nullopt;
      value = std::move(*quoted);
      // Anything between the closing quote and the next ';' is not part of the value.
      text.remove_prefix(std::min(text.find(';'), text.size()));
    } else {
      const std::size_t value_end = std::min(text.find(';'), text.size());
      value = trim_blanks(text.substr(0, value_end));
      text.remove_prefix(value_end);
    }
    if (!name.empty()) header.parameters.push_back({lowered(name), std::move(value)});
  }
  return header;
}

std::string_view trim_blanks(std::string_view text) {
  while (!text.empty() && is_blank(text.front()))
    text.remove_prefix(1);
  while (!text.empty() && is_blank(text.back()))
    text.remove_suffix(1);
  return text;
}

bool equals_ignoring_case(std::string_view text, std::string_view lower_text) {
  return text.size() == lower_text.size() &&
         std::equal(text.begin(), text.end(), lower_text.begin(),
                    [](char a, char b) { return lower(a) == b; });
}

}  // namespace tas::http_server::detail
