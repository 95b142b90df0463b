#pragma once

#include <tas/backends/backend_error.hpp>

namespace tas {

// Why a Bot API call failed, told apart because each asks for something else to be done: an
// endpoint that never answered says nothing about the token, and a token Telegram refused is not
// fixed by looking at the network.

// No HTTP answer came from the Bot API: the connection was refused, the name did not resolve,
// the call timed out or TLS failed. The message names the URL (never the token's) and why.
class BotApiUnreachable : public BackendError {
 public:
  using BackendError::BackendError;
};

// The Bot API answered that the token is not a bot's: HTTP 401 Unauthorized, or the 404 Telegram
// gives for a token of the wrong shape.
class BotTokenRefused : public BackendError {
 public:
  using BackendError::BackendError;
};

}  // namespace tas
