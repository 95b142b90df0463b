#pragma once

#include <map>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

namespace tas {

// Profile commands, paths and environment entries are templates: argument vectors whose elements
// may contain `{target}`, `{dist}`, `{port}`, `{token_file}`, `{telegram_api}`, `{state_dir}` and
// `{config_file}`. There is deliberately no `{token}`: the token reaches the agent only through
// the 0600 file named by `{token_file}`.
class Placeholders {
 public:
  static bool is_known(std::string_view name);

  Placeholders& set(std::string_view name, std::string value);
  // Expands every `{name}`; `{{` and `}}` stand for literal braces. Throws std::invalid_argument
  // for a placeholder that is unknown or has no value yet.
  [[nodiscard]] std::string expand(std::string_view text) const;
  // Expands every string inside a JSON document (a config or a merge patch). A string that is
  // exactly "{port}" becomes a number: a port is a number in every config format we know.
  [[nodiscard]] nlohmann::json expand_json(const nlohmann::json& document) const;

 private:
  std::map<std::string, std::string, std::less<>> values_;
};

// Checks a template at profile-load time. Returns an empty string when it is fine, otherwise what
// is wrong with it (an unknown placeholder, `{token}`, an unbalanced brace).
[[nodiscard]] std::string template_problem(std::string_view text);

// True when the template contains the placeholder `{name}` (not a literal "{{name}}").
[[nodiscard]] bool template_uses(std::string_view text, std::string_view name);

}  // namespace tas
