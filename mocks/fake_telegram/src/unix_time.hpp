#pragma once

#include <chrono>
#include <cstdint>

namespace tas::fake::detail {

// Telegram's timestamps (date, edit_date): Unix seconds.
inline std::int64_t unix_time_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace tas::fake::detail
