#pragma once

#include <cstdint>
#include <string>

namespace tas::fake {

// A fresh bot token of Telegram's shape, "<bot_id>:<35 random characters of [A-Za-z0-9_-]>", from
// OpenSSL's generator: for a fake's bots, and for tests that need a token no one has seen.
// Throws std::runtime_error when no random bytes can be had.
[[nodiscard]] std::string random_bot_token(std::int64_t bot_id);

}  // namespace tas::fake
