#include <openssl/crypto.h>

#include <tas/core/secret.hpp>
#include <tas/core/sha256.hpp>

namespace tas {

Secret::Secret(Secret&& other) noexcept : value_(std::move(other.value_)) {
  other.wipe();
}

Secret& Secret::operator=(Secret&& other) noexcept {
  if (this != &other) {
    wipe();
    value_ = std::move(other.value_);
    other.wipe();
  }
  return *this;
}

Secret::~Secret() {
  wipe();
}

std::string Secret::sha256() const {
  return sha256_hex(value_);
}

void Secret::wipe() noexcept {
  // OPENSSL_cleanse is not optimised away, unlike a plain memset before destruction.
  if (!value_.empty()) OPENSSL_cleanse(value_.data(), value_.size());
  value_.clear();
}

}  // namespace tas
