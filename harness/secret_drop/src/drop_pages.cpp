#include "drop_pages.hpp"

#include <fmt/format.h>

namespace tas::secret_drop::detail {
namespace {

// Inline style only: the Content-Security-Policy allows nothing else (no scripts, no fetches).
constexpr std::string_view kStyle =
    "body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;"
    "color:#222}h1{font-size:1.3rem}input[type=password]{width:100%;padding:.5rem;"
    "font-size:1rem;box-sizing:border-box}button{margin-top:1rem;padding:.5rem 1.2rem;"
    "font-size:1rem}.message{color:#a00}.note{color:#555;font-size:.9rem}";

std::string page(std::string_view title, std::string_view body) {
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<meta name=\"referrer\" content=\"no-referrer\">\n"
      "<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n{}</body>\n</html>\n",
      html_escape(title), kStyle, body);
}

}  // namespace

std::string html_escape(std::string_view text) {
  std::string escaped;
  escaped.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        escaped += "&amp;";
        break;
      case '<':
        escaped += "&lt;";
        break;
      case '>':
        escaped += "&gt;";
        break;
      case '"':
        escaped += "&quot;";
        break;
      case '\'':
        escaped += "&#39;";
        break;
      default:
        escaped += c;
    }
  }
  return escaped;
}

std::string form_page(std::string_view label, std::string_view id, std::string_view csrf,
                      std::string_view message) {
  const std::string notice =
      message.empty()
          ? std::string()
          : fmt::format("<p class=\"message\" id=\"message\">{}</p>\n", html_escape(message));
  return page(
      label,
      fmt::format(
          "<h1 id=\"label\">{}</h1>\n"
          "<p class=\"note\">Secret Drop: this link accepts one submission. The value goes to "
          "the harness on this machine and is not shown again.</p>\n"
          "{}"
          "<form method=\"post\" action=\"/drop/{}\" autocomplete=\"off\">\n"
          "<input type=\"hidden\" name=\"csrf\" value=\"{}\">\n"
          "<label for=\"value\">Secret</label>\n"
          "<input type=\"password\" id=\"value\" name=\"value\" autocomplete=\"off\" "
          "autocapitalize=\"off\" spellcheck=\"false\" required autofocus>\n"
          "<button type=\"submit\" id=\"submit\">Submit</button>\n"
          "</form>\n",
          html_escape(label), notice, html_escape(id), html_escape(csrf)));
}

std::string message_page(std::string_view title, std::string_view text) {
  return page(title, fmt::format("<h1>{}</h1>\n<p id=\"message\">{}</p>\n", html_escape(title),
                                 html_escape(text)));
}

}  // namespace tas::secret_drop::detail
