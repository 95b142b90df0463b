#include <optional>
#include <utility>

#include <tas/core/ascii_text.hpp>

namespace tas {
namespace {

// The length of the sequence a lead byte begins; 0 for a byte that cannot begin one (a
// continuation byte, or one UTF-8 never uses).
std::size_t sequence_length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) return 2;
  if (lead >= 0xE0 && lead <= 0xEF) return 3;
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  return 0;
}

bool is_continuation(unsigned char byte) {
  return (byte & 0xC0) == 0x80;
}

// The code point of the whole sequence at the start of `text`, when it is valid UTF-8 (not
// overlong, not a surrogate, not beyond U+10FFFF).
std::optional<char32_t> decode(std::string_view text, std::size_t length) {
  if (length == 0 || text.size() < length) return std::nullopt;
  const auto lead = static_cast<unsigned char>(text[0]);
  char32_t code = length == 2 ? (lead & 0x1Fu) : length == 3 ? (lead & 0x0Fu) : (lead & 0x07u);
  for (std::size_t i = 1; i < length; ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (!is_continuation(byte)) return std::nullopt;
    code = (code << 6) | (byte & 0x3Fu);
  }
  const char32_t smallest = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000;
  if (code < smallest || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
    return std::nullopt;
  }
  return code;
}

std::string_view spelling(char32_t code) {
  static constexpr std::pair<char32_t, std::string_view> kSpellings[] = {
      {U'\u00A0', " "},   {U'\u00AB', "\""}, {U'\u00B5', "u"},  {U'\u00B7', "."},
      {U'\u00BB', "\""},  {U'\u00D7', "x"},  {U'\u2010', "-"},  {U'\u2011', "-"},
      {U'\u2012', "-"},   {U'\u2013', "-"},  {U'\u2014', "--"}, {U'\u2018', "'"},
      {U'\u2019', "'"},   {U'\u201C', "\""}, {U'\u201D', "\""}, {U'\u2022', "*"},
      {U'\u2026', "..."}, {U'\u2190', "<-"}, {U'\u2192', "->"}, {U'\u2194', "<->"},
      {U'\u21D2', "=>"},  {U'\u2212', "-"},  {U'\u2248', "~"},  {U'\u2260', "!="},
      {U'\u2264', "<="},  {U'\u2265', ">="}, {U'\u2500', "-"},  {U'\u2502', "|"},
      {U'\u2713', "+"},   {U'\u2714', "+"},  {U'\u2717', "X"},  {U'\u2718', "X"},
  };
  for (const auto& [from, to] : kSpellings) {
    if (from == code) return to;
  }
  return "?";
}

}  // namespace

std::string to_ascii(std::string_view utf8) {
  std::string ascii;
  ascii.reserve(utf8.size());
  for (std::size_t at = 0; at < utf8.size();) {
    const auto byte = static_cast<unsigned char>(utf8[at]);
    if (byte < 0x80) {
      ascii.push_back(static_cast<char>(byte));
      ++at;
      continue;
    }
    const std::size_t length = sequence_length(byte);
    if (const auto code = decode(utf8.substr(at), length)) {
      ascii += spelling(*code);
      at += length;
    } else {
      ascii.push_back('?');
      ++at;
    }
  }
  return ascii;
}

std::size_t unfinished_utf8_tail(std::string_view text) {
  // A sequence is at most 4 bytes, so an unfinished one starts within the last 3.
  for (std::size_t back = 1; back <= 3 && back <= text.size(); ++back) {
    const auto byte = static_cast<unsigned char>(text[text.size() - back]);
    if (is_continuation(byte)) continue;
    return sequence_length(byte) > back ? back : 0;
  }
  return 0;
}

}  // namespace tas
