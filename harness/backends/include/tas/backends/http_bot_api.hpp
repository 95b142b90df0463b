#pragma once

#include <string>

#include <tas/backends/bot_api.hpp>

namespace tas {

// The Bot API over HTTP (docs/fake-telegram.md, 'What it implements') at a base URL:
// https://api.telegram.org, or a fake's. The token is part of every URL, so no URL ever reaches an
// error message.
class HttpBotApi final : public BotApi {
 public:
  explicit HttpBotApi(std::string base_url) : base_url_(std::move(base_url)) {}
  BotIdentity get_me(const Secret& token, const Deadline& deadline) override;

 private:
  std::string base_url_;
};

}  // namespace tas
