#include <array>
#include <stdexcept>

#include <openssl/rand.h>

#include <tas/fake/random_bot_token.hpp>

namespace tas::fake {

std::string random_bot_token(std::int64_t bot_id) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
  std::array<unsigned char, 35> random{};
  if (RAND_bytes(random.data(), static_cast<int>(random.size())) != 1) {
    throw std::runtime_error("no random bytes for a bot token");
  }
  std::string token = std::to_string(bot_id) + ":";
  // 64 symbols: each byte modulo 64 is uniform.
  for (const unsigned char byte : random)
    token.push_back(kAlphabet[byte % 64]);
  return token;
}

}  // namespace tas::fake
