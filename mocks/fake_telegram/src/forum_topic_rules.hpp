#pragma once

#include <array>
#include <cstdint>

#include <tas/fake/telegram_objects.hpp>

namespace tas::fake::detail {

// The colours Telegram allows for a topic icon (createForumTopic's icon_color); the first is the
// default.
inline constexpr std::array<std::int64_t, 6> kTopicIconColors = {0x6FB9F0, 0xFFD67E, 0xCB86DB,
                                                                 0x8EEE98, 0xFF93B2, 0xFB6F5F};
inline constexpr std::int64_t kDefaultTopicIconColor = kTopicIconColors[0];

// The account Telegram shows as the sender of an anonymous administrator's messages: the author of
// the topics a setup names, since no one in the fake's world created them.
inline User anonymous_admin() {
  return User{
      .id = 1087968824, .is_bot = true, .first_name = "Group", .username = "GroupAnonymousBot"};
}

}  // namespace tas::fake::detail
