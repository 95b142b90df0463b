#include "text_excerpt.hpp"

#include <tas/core/redaction.hpp>

namespace tas::judge_detail {
namespace {

bool is_continuation(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

}  // namespace

std::string_view trim(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n\f\v";
  const auto first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(kSpace);
  return text.substr(first, last - first + 1);
}

std::string_view utf8_prefix(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  std::size_t end = max_bytes;
  while (end > 0 && is_continuation(text[end]))
    --end;
  return text.substr(0, end);
}

std::string_view utf8_suffix(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  std::size_t begin = text.size() - max_bytes;
  while (begin < text.size() && is_continuation(text[begin]))
    ++begin;
  return text.substr(begin);
}

std::string one_line(std::string_view text, std::size_t max_bytes) {
  const std::string_view kept = utf8_prefix(text, max_bytes);
  std::string line(kept);
  for (char& c : line) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = ' ';
  }
  if (kept.size() < text.size()) line += "…";
  return line;
}

std::string excerpt(std::string_view text, std::size_t max_bytes) {
  // Masked before the cut: a secret cut in half would no longer have a secret's shape.
  return one_line(Redactor().redact(text), max_bytes);
}

}  // namespace tas::judge_detail
