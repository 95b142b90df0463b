#include "form_body.hpp"

#include <algorithm>

#include <tas/core/private_file.hpp>

namespace tas::secret_drop::detail {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes '+' and %XX into `out`; false on a malformed escape.
bool decode(std::string_view text, std::string& out) {
  out.clear();
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+') {
      out.push_back(' ');
    } else if (c == '%') {
      if (i + 2 >= text.size()) return false;
      const int high = hex_value(text[i + 1]);
      const int low = hex_value(text[i + 2]);
      if (high < 0 || low < 0) return false;
      out.push_back(static_cast<char>(high * 16 + low));
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  return true;
}

}  // namespace

std::optional<FormBody> FormBody::parse(std::string_view body) {
  FormBody form;
  std::size_t start = 0;
  while (start <= body.size()) {
    const std::size_t end = std::min(body.find('&', start), body.size());
    const std::string_view pair = body.substr(start, end - start);
    start = end + 1;
    if (pair.empty()) continue;
    const std::size_t equals = pair.find('=');
    std::string name;
    std::string value;
    if (!decode(pair.substr(0, equals), name) ||
        (equals != std::string_view::npos && !decode(pair.substr(equals + 1), value))) {
      wipe(value);
      return std::nullopt;
    }
    if (name.empty()) {
      wipe(value);
      return std::nullopt;
    }
    form.fields_.emplace_back(std::move(name), std::move(value));
  }
  return form;
}

FormBody::~FormBody() {
  for (auto& [name, value] : fields_)
    wipe(value);
}

const std::string* FormBody::find(std::string_view name) const {
  for (const auto& [field, value] : fields_) {
    if (field == name) return &value;
  }
  return nullptr;
}

std::size_t FormBody::count(std::string_view name) const {
  return static_cast<std::size_t>(std::count_if(
      fields_.begin(), fields_.end(), [name](const auto& field) { return field.first == name; }));
}

}  // namespace tas::secret_drop::detail
