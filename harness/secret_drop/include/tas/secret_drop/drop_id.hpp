#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace tas::secret_drop {

// A Secret Drop ID is "drop-" followed by 32 lowercase hex digits: 128 bits from OpenSSL's
// RAND_bytes. It is the name of a drop in the store and the last part of a one-time link, so it
// must be unguessable; it is also passed on command lines (`--bot-token <drop-id>`), so it must
// never look like a raw secret — and "drop-" plus hex matches none of the shapes in
// secret_shapes.hpp.
inline constexpr std::string_view kDropIdPrefix = "drop-";
inline constexpr std::size_t kDropIdRandomBytes = 16;
inline constexpr std::size_t kDropIdLength = kDropIdPrefix.size() + 2 * kDropIdRandomBytes;

// A fresh ID. Throws std::runtime_error when the system's random source fails.
[[nodiscard]] std::string new_drop_id();

// True only for "drop-" followed by exactly 32 lowercase hex digits. Every ID that comes in from
// outside (a command line, a URL, a file name) is checked with this before it is used, so that an
// ID can never name a path outside the store.
[[nodiscard]] bool is_drop_id(std::string_view text);

// `bytes` random bytes from RAND_bytes as lowercase hex (for IDs, CSRF tokens). Throws
// std::runtime_error when the system's random source fails.
[[nodiscard]] std::string random_hex(std::size_t bytes);

}  // namespace tas::secret_drop
