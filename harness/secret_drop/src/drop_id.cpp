#include <stdexcept>
#include <vector>

#include <openssl/rand.h>

#include <tas/secret_drop/drop_id.hpp>

namespace tas::secret_drop {

std::string random_hex(std::size_t bytes) {
  std::vector<unsigned char> random(bytes);
  if (bytes > 0 && RAND_bytes(random.data(), static_cast<int>(bytes)) != 1) {
    throw std::runtime_error(
        "OpenSSL's RAND_bytes failed: the system's random source is not available, so no "
        "unguessable ID or token can be made");
  }
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(2 * bytes);
  for (const unsigned char byte : random) {
    hex.push_back(kDigits[byte >> 4]);
    hex.push_back(kDigits[byte & 0x0f]);
  }
  return hex;
}

std::string new_drop_id() {
  return std::string(kDropIdPrefix) + random_hex(kDropIdRandomBytes);
}

bool is_drop_id(std::string_view text) {
  if (text.size() != kDropIdLength || !text.starts_with(kDropIdPrefix)) return false;
  for (const char c : text.substr(kDropIdPrefix.size())) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace tas::secret_drop
