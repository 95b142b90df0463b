#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

namespace tas::reference_agent {

// A small Telegram Bot API on loopback for the reference agent's own tests: getUpdates with real
// long-poll and 409 semantics (as Telegram's: a new long poll that finds nothing fails the older
// parked one), sendMessage recording what the agent sent. The project's full fake lives elsewhere;
// this one knows just enough to prove the agent's behaviour.
class StubBotApi {
 public:
  struct GetUpdatesCall {
    std::optional<std::int64_t> offset;
    int timeout_s = 0;
  };

  explicit StubBotApi(std::string token);
  StubBotApi(const StubBotApi&) = delete;
  StubBotApi& operator=(const StubBotApi&) = delete;
  ~StubBotApi();

  [[nodiscard]] std::string base_url() const;
  [[nodiscard]] int port() const { return port_; }

  // Queues an update carrying `message` (as a user would send it); returns its update_id.
  std::int64_t push_message(nlohmann::json message);
  // The next `count` getUpdates calls fail with 409 "terminated by other getUpdates request".
  void fail_next_get_updates_with_conflict(int count);

  [[nodiscard]] std::vector<nlohmann::json> sent_messages() const;  // sendMessage parameters
  [[nodiscard]] std::vector<GetUpdatesCall> get_updates_calls() const;
  [[nodiscard]] int conflicts() const;

  // Waits until `ready` (run under the stub's lock) holds, or `timeout` passes.
  bool wait_until(const std::function<bool()>& ready, std::chrono::milliseconds timeout);
  // Convenience predicates over the recorded traffic, for wait_until.
  [[nodiscard]] std::size_t sent_count_locked() const { return sent_.size(); }
  [[nodiscard]] std::size_t get_updates_count_locked() const { return calls_.size(); }
  [[nodiscard]] int conflicts_locked() const { return conflicts_; }
  [[nodiscard]] bool confirmed_locked(std::int64_t update_id) const;

 private:
  void handle(const httplib::Request& request, httplib::Response& response);
  void get_updates(const nlohmann::json& params, httplib::Response& response);
  void send_message(const nlohmann::json& params, httplib::Response& response);

  std::string token_;
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  bool stopping_ = false;
  std::vector<nlohmann::json> pending_;  // unconfirmed updates
  std::int64_t next_update_id_ = 500;
  std::int64_t next_message_id_ = 9000;
  std::uint64_t park_generation_ = 0;  // bumped by each long poll that parks
  int forced_conflicts_ = 0;
  int conflicts_ = 0;
  std::vector<GetUpdatesCall> calls_;
  std::vector<nlohmann::json> sent_;
};

}  // namespace tas::reference_agent
