#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

// Shared by the fuzz targets: the invariants every parser of outside input keeps.
namespace tas::fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// An invariant broke: abort, so libFuzzer records the input as a crash.
[[noreturn]] inline void broken(const char* what) {
  std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
  std::abort();
}

// A byte no message of the harness contains: a window of the input with one in it that shows up
// in a message was copied from the input. (Without such a marker the fuzzer soon learns to write
// the messages' own fixed wording into its input.)
inline bool is_marker(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return (byte >= 0x01 && byte <= 0x08) || (byte >= 0x0e && byte <= 0x1f) || byte == 0x7f;
}

// Error messages are bounded (a 50 MB input once gave a 52 MB message) and never repeat a run of
// the input longer than the few dozen bytes a field name or a short value may show.
inline void check_message(std::string_view message, std::string_view input) {
  constexpr std::size_t kMaxMessage = 2048;
  constexpr std::size_t kMaxEcho = 96;
  if (message.size() > kMaxMessage) broken("an error message longer than 2048 bytes");
  if (input.size() <= kMaxEcho) return;
  for (std::size_t at = 0; at + kMaxEcho < input.size(); at += 8) {
    const std::string_view window = input.substr(at, kMaxEcho + 1);
    if (std::none_of(window.begin(), window.end(), is_marker)) continue;
    if (message.find(window) != std::string_view::npos) {
      broken("an error message repeats more than 96 bytes of the input");
    }
  }
}

}  // namespace tas::fuzz
