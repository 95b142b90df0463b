#pragma once

#include <stdexcept>

namespace tas::fake {

// The control API was asked for something the fake cannot do: a user, chat, topic or bot that was
// never created, a malformed bot token, a server that cannot bind. The message names what was
// expected and what was seen, and never contains a bot token.
class FakeTelegramError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace tas::fake
