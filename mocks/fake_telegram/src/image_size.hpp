#pragma once

#include <optional>
#include <string_view>

namespace tas::fake::detail {

struct ImageSize {
  int width = 0;
  int height = 0;
};

// The pixel size of a PNG or JPEG, read from its header; nullopt for anything else. Telegram
// rejects a "photo" it cannot decode, and these are the formats bots send.
[[nodiscard]] std::optional<ImageSize> image_size(std::string_view bytes);

}  // namespace tas::fake::detail
