#include "form_body.hpp"

#include <algorithm>
#include <utility>

#include <tas/core/private_file.hpp>

namespace tas::secret_drop::detail {

std::optional<FormBody> FormBody::parse(std::string_view body) {
  // parse_url_encoded decodes nothing from a body it refuses and never reallocates what it
  // decoded, so the values this form wipes are the only copies.
  std::optional<std::vector<http_server::FormField>> fields = http_server::parse_url_encoded(body);
  if (!fields) return std::nullopt;
  FormBody form;
  form.fields_ = std::move(*fields);
  const bool unnamed = std::any_of(form.fields_.begin(), form.fields_.end(),
                                   [](const auto& field) { return field.name.empty(); });
  if (unnamed) return std::nullopt;  // the form's destructor wipes what was decoded
  return form;
}

FormBody::~FormBody() {
  for (auto& field : fields_)
    wipe(field.value);
}

const std::string* FormBody::find(std::string_view name) const {
  for (const auto& field : fields_) {
    if (field.name == name) return &field.value;
  }
  return nullptr;
}

std::size_t FormBody::count(std::string_view name) const {
  return static_cast<std::size_t>(std::count_if(
      fields_.begin(), fields_.end(), [name](const auto& field) { return field.name == name; }));
}

}  // namespace tas::secret_drop::detail
