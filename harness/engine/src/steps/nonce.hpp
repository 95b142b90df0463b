#pragma once

#include <string>

namespace tas {

// 128 random bits as 32 lowercase hex digits, from the operating system's generator.
[[nodiscard]] std::string random_nonce();

}  // namespace tas
