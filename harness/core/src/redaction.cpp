#include <algorithm>

#include <tas/core/redaction.hpp>
#include <tas/core/secret.hpp>
#include <tas/core/secret_shapes.hpp>

namespace tas {

void Redactor::add_secret(const Secret& secret) {
  add_secret_text(secret.reveal());
}

void Redactor::add_secret_text(std::string_view secret) {
  if (secret.empty()) return;
  if (std::find(secrets_.begin(), secrets_.end(), secret) == secrets_.end()) {
    secrets_.emplace_back(secret);
    // Longest first, so a secret that contains another is masked whole.
    std::sort(secrets_.begin(), secrets_.end(),
              [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  }
}

std::string Redactor::redact(std::string_view text) const {
  std::string masked(text);
  for (const std::string& secret : secrets_) {
    for (std::size_t at = masked.find(secret); at != std::string::npos;
         at = masked.find(secret, at + kMask.size())) {
      masked.replace(at, secret.size(), kMask);
    }
  }
  std::string out;
  out.reserve(masked.size());
  std::size_t copied = 0;
  for (auto match = find_secret_shape(masked); match; match = find_secret_shape(masked, copied)) {
    out.append(masked, copied, match->offset - copied);
    out.append(kMask);
    copied = match->offset + match->length;
  }
  out.append(masked, copied);
  return out;
}

nlohmann::json Redactor::redact_json(const nlohmann::json& document) const {
  switch (document.type()) {
    case nlohmann::json::value_t::string:
      return redact(std::string_view(document.get_ref<const std::string&>()));
    case nlohmann::json::value_t::array: {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& item : document)
        out.push_back(redact_json(item));
      return out;
    }
    case nlohmann::json::value_t::object: {
      nlohmann::json out = nlohmann::json::object();
      for (const auto& [key, value] : document.items())
        out[redact(std::string_view(key))] = redact_json(value);
      return out;
    }
    default:
      return document;
  }
}

bool Redactor::contains_secret(std::string_view text) const {
  for (const std::string& secret : secrets_) {
    if (text.find(secret) != std::string_view::npos) return true;
  }
  return find_secret_shape(text).has_value();
}

}  // namespace tas
