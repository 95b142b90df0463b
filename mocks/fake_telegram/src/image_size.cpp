#include "image_size.hpp"

#include <cstdint>

namespace tas::fake::detail {
namespace {

std::uint32_t big_endian(std::string_view bytes, std::size_t at, std::size_t count) {
  std::uint32_t value = 0;
  for (std::size_t i = 0; i < count; ++i)
    value = (value << 8U) | static_cast<unsigned char>(bytes[at + i]);
  return value;
}

std::optional<ImageSize> png_size(std::string_view bytes) {
  // The signature, then the IHDR chunk, whose data starts with width and height.
  constexpr std::string_view kSignature("\x89PNG\r\n\x1a\n", 8);
  if (bytes.size() < 24 || !bytes.starts_with(kSignature) || bytes.substr(12, 4) != "IHDR") {
    return std::nullopt;
  }
  return ImageSize{static_cast<int>(big_endian(bytes, 16, 4)),
                   static_cast<int>(big_endian(bytes, 20, 4))};
}

std::optional<ImageSize> jpeg_size(std::string_view bytes) {
  if (bytes.size() < 4 || static_cast<unsigned char>(bytes[0]) != 0xFF ||
      static_cast<unsigned char>(bytes[1]) != 0xD8) {
    return std::nullopt;
  }
  // Walks the segments to the first start-of-frame, which holds the size.
  std::size_t at = 2;
  while (at + 9 <= bytes.size()) {
    if (static_cast<unsigned char>(bytes[at]) != 0xFF) return std::nullopt;
    const auto marker = static_cast<unsigned char>(bytes[at + 1]);
    const bool start_of_frame =
        marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    if (start_of_frame) {
      return ImageSize{static_cast<int>(big_endian(bytes, at + 7, 2)),
                       static_cast<int>(big_endian(bytes, at + 5, 2))};
    }
    at += 2 + big_endian(bytes, at + 2, 2);
  }
  return std::nullopt;
}

}  // namespace

std::optional<ImageSize> image_size(std::string_view bytes) {
  if (auto size = png_size(bytes)) return size;
  return jpeg_size(bytes);
}

}  // namespace tas::fake::detail
