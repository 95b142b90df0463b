#pragma once

#include <string>

namespace tas::fake {

// What a bot said when it answered a pressed inline button (answerCallbackQuery): the notification
// or alert the person sees, or a URL their client opens.
struct CallbackAnswer {
  std::string text{};  // empty: the button just stops its progress indicator
  bool show_alert = false;
  std::string url{};
  int cache_time = 0;
};

}  // namespace tas::fake
