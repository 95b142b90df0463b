#include <array>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <tas/core/placeholders.hpp>

namespace tas {
namespace {

constexpr std::array<std::string_view, 7> kKnown = {
    "target", "dist", "port", "token_file", "telegram_api", "state_dir", "config_file"};

// Walks a template, calling `on_text` for literal text and `on_name` for each placeholder name.
// Returns an empty string, or what is malformed.
template <typename OnText, typename OnName>
std::string walk(std::string_view text, OnText on_text, OnName on_name) {
  std::size_t at = 0;
  while (at < text.size()) {
    const char c = text[at];
    if ((c == '{' || c == '}') && at + 1 < text.size() && text[at + 1] == c) {
      on_text(std::string_view(&text[at], 1));
      at += 2;
    } else if (c == '{') {
      const std::size_t close = text.find('}', at);
      if (close == std::string_view::npos)
        return fmt::format("'{{' at offset {} is never closed", at);
      on_name(text.substr(at + 1, close - at - 1));
      at = close + 1;
    } else if (c == '}') {
      return fmt::format("'}}' at offset {} closes nothing (write '}}}}' for a literal brace)", at);
    } else {
      const std::size_t next = text.find_first_of("{}", at);
      const std::size_t end = next == std::string_view::npos ? text.size() : next;
      on_text(text.substr(at, end - at));
      at = end;
    }
  }
  return {};
}

}  // namespace

bool Placeholders::is_known(std::string_view name) {
  for (const std::string_view known : kKnown) {
    if (known == name) return true;
  }
  return false;
}

Placeholders& Placeholders::set(std::string_view name, std::string value) {
  values_.insert_or_assign(std::string(name), std::move(value));
  return *this;
}

std::string Placeholders::expand(std::string_view text) const {
  std::string out;
  const std::string problem = walk(
      text, [&](std::string_view literal) { out.append(literal); },
      [&](std::string_view name) {
        const auto found = values_.find(name);
        if (found == values_.end()) {
          throw std::invalid_argument(
              is_known(name)
                  ? fmt::format("placeholder {{{}}} has no value at this point of the run", name)
                  : fmt::format("unknown placeholder {{{}}}", name));
        }
        out.append(found->second);
      });
  if (!problem.empty()) throw std::invalid_argument(problem);
  return out;
}

nlohmann::json Placeholders::expand_json(const nlohmann::json& document) const {
  if (document.is_string()) {
    const auto& text = document.get_ref<const std::string&>();
    std::string expanded = expand(text);
    if (text == "{port}") return std::stoi(expanded);
    return expanded;
  }
  if (!document.is_structured()) return document;
  nlohmann::json out = document;
  for (auto& [key, item] : out.items())
    item = expand_json(item);
  return out;
}

bool template_uses(std::string_view text, std::string_view name) {
  bool used = false;
  (void)walk(
      text, [](std::string_view) {}, [&](std::string_view found) { used = used || found == name; });
  return used;
}

std::string template_problem(std::string_view text) {
  std::string problem;
  const std::string malformed = walk(
      text, [](std::string_view) {},
      [&](std::string_view name) {
        if (!problem.empty()) return;
        if (name == "token") {
          problem =
              "{token} is not allowed: the token reaches the agent only through the 0600 file "
              "named by {token_file}";
        } else if (!Placeholders::is_known(name)) {
          // A long name is not repeated: it is more likely pasted text than a typo.
          constexpr std::size_t kMaxShown = 40;
          problem = fmt::format(
              "unknown placeholder {} (known: {{target}}, {{dist}}, {{port}}, "
              "{{token_file}}, {{telegram_api}}, {{state_dir}}, {{config_file}})",
              name.size() <= kMaxShown ? fmt::format("{{{}}}", name)
                                       : fmt::format("of {} characters", name.size()));
        }
      });
  return malformed.empty() ? problem : malformed;
}

}  // namespace tas
