#pragma once

#include <stop_token>
#include <string>

#include "log.hpp"
#include <nlohmann/json.hpp>

namespace tas::reference_agent {

// The lifeline's hand-off to the server: POST /telegram/update on loopback. An update the server
// did not accept (not up yet, restarting, an error) is retried with a growing backoff, and its
// offset is not confirmed to Telegram until it was delivered, so no message is lost when the
// server starts after the lifeline.
class Forwarder {
 public:
  Forwarder(std::string host, int port, std::stop_token stop, Logger& log);

  // Returns true once delivered, false when a stop was requested first.
  bool deliver(const nlohmann::json& update);

 private:
  std::string url_;
  std::stop_token stop_;
  Logger& log_;
};

}  // namespace tas::reference_agent
