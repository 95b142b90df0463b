#include <fmt/format.h>

#include <tas/core/printable_path.hpp>

namespace tas {

std::string printable_path(const std::filesystem::path& path) {
  const std::string& text = path.native();
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (byte < 0x20 || byte == 0x7f) {
      out += fmt::format("\\x{:02x}", byte);
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace tas
