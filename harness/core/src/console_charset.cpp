#include <cstdlib>
#include <string_view>

#include <tas/core/console_charset.hpp>

namespace tas {
namespace {

bool is_utf8_codeset(std::string_view codeset) {
  std::string_view::size_type letters = 0;
  char folded[5] = {};
  for (const char c : codeset) {
    if (c == '-') continue;  // "UTF-8" and "utf8" alike
    if (letters == sizeof(folded)) return false;
    folded[letters++] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return std::string_view(folded, letters) == "utf8";
}

}  // namespace

ConsoleCharset console_charset_of(const char* lc_all, const char* lc_ctype, const char* lang) {
  for (const char* value : {lc_all, lc_ctype, lang}) {
    if (value == nullptr || *value == '\0') continue;
    // language[_territory][.codeset][@modifier]
    std::string_view name(value);
    const auto dot = name.find('.');
    if (dot == std::string_view::npos) return ConsoleCharset::ascii;
    const std::string_view codeset = name.substr(dot + 1, name.find('@', dot) - dot - 1);
    return is_utf8_codeset(codeset) ? ConsoleCharset::utf8 : ConsoleCharset::ascii;
  }
  return ConsoleCharset::ascii;
}

ConsoleCharset console_charset() {
  return console_charset_of(std::getenv("LC_ALL"), std::getenv("LC_CTYPE"), std::getenv("LANG"));
}

}  // namespace tas
