#include "utf8_text.hpp"

namespace tas::fake::detail {
namespace {

bool is_continuation(unsigned char byte) {
  return (byte & 0xC0U) == 0x80U;
}

// The byte count a lead byte announces; 0 for a byte that cannot start a character.
std::size_t sequence_size(unsigned char lead) {
  if (lead < 0x80U) return 1;
  if (lead >= 0xC2U && lead <= 0xDFU) return 2;
  if (lead >= 0xE0U && lead <= 0xEFU) return 3;
  if (lead >= 0xF0U && lead <= 0xF4U) return 4;
  return 0;
}

}  // namespace

bool is_valid_utf8(std::string_view text) {
  std::size_t at = 0;
  while (at < text.size()) {
    const auto lead = static_cast<unsigned char>(text[at]);
    const auto size = sequence_size(lead);
    if (size == 0 || at + size > text.size()) return false;
    for (std::size_t k = 1; k < size; ++k) {
      if (!is_continuation(static_cast<unsigned char>(text[at + k]))) return false;
    }
    const auto second = size > 1 ? static_cast<unsigned char>(text[at + 1]) : 0U;
    // The second byte's range rules out overlong forms, surrogates and values above U+10FFFF.
    if (lead == 0xE0U && second < 0xA0U) return false;
    if (lead == 0xEDU && second > 0x9FU) return false;
    if (lead == 0xF0U && second < 0x90U) return false;
    if (lead == 0xF4U && second > 0x8FU) return false;
    at += size;
  }
  return true;
}

std::int64_t utf16_length(std::string_view utf8) {
  std::int64_t units = 0;
  for (const char c : utf8) {
    const auto byte = static_cast<unsigned char>(c);
    if (is_continuation(byte)) continue;
    units += byte >= 0xF0U ? 2 : 1;
  }
  return units;
}

std::vector<std::int64_t> utf16_offsets(std::string_view utf8) {
  std::vector<std::int64_t> offsets(utf8.size() + 1, 0);
  std::int64_t units = 0;
  for (std::size_t at = 0; at < utf8.size(); ++at) {
    offsets[at] = units;
    const auto byte = static_cast<unsigned char>(utf8[at]);
    if (!is_continuation(byte)) units += byte >= 0xF0U ? 2 : 1;
  }
  offsets[utf8.size()] = units;
  return offsets;
}

DecodedCodePoint code_point_at(std::string_view utf8, std::size_t at) {
  if (at >= utf8.size()) return {0, 0};
  const auto lead = static_cast<unsigned char>(utf8[at]);
  auto size = sequence_size(lead);
  if (size == 0 || at + size > utf8.size()) return {lead, 1};  // not expected in checked text
  char32_t value = size == 1 ? lead : lead & (0x7FU >> size);
  for (std::size_t k = 1; k < size; ++k) {
    value = (value << 6U) | (static_cast<unsigned char>(utf8[at + k]) & 0x3FU);
  }
  return {value, size};
}

DecodedCodePoint code_point_before(std::string_view utf8, std::size_t at) {
  if (at == 0 || at > utf8.size()) return {0, 0};
  auto begin = at - 1;
  while (begin > 0 && is_continuation(static_cast<unsigned char>(utf8[begin])))
    --begin;
  return code_point_at(utf8, begin);
}

void append_utf8(std::string& out, char32_t code_point) {
  const auto put = [&out](unsigned value) { out += static_cast<char>(value); };
  if (code_point < 0x80U) {
    put(code_point);
  } else if (code_point < 0x800U) {
    put(0xC0U | (code_point >> 6U));
    put(0x80U | (code_point & 0x3FU));
  } else if (code_point < 0x10000U) {
    put(0xE0U | (code_point >> 12U));
    put(0x80U | ((code_point >> 6U) & 0x3FU));
    put(0x80U | (code_point & 0x3FU));
  } else {
    put(0xF0U | (code_point >> 18U));
    put(0x80U | ((code_point >> 12U) & 0x3FU));
    put(0x80U | ((code_point >> 6U) & 0x3FU));
    put(0x80U | (code_point & 0x3FU));
  }
}

}  // namespace tas::fake::detail
