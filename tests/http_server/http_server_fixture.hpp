#pragma once

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include <gtest/gtest.h>

#include <tas/http_server/http_server.hpp>

namespace tas::http_server {

// A server on a free loopback port whose handler is the test's: each request is answered by
// `answer` when set, else parked for the test to take with next_parked().
class HttpServerTest : public ::testing::Test {
 protected:
  using Answer = std::function<void(const std::shared_ptr<PendingResponse>&)>;

  void start(HttpServerOptions options = {}) {
    server_ = std::make_unique<HttpServer>(
        [this](const std::shared_ptr<PendingResponse>& pending) {
          if (answer_) {
            answer_(pending);
            return;
          }
          {
            std::lock_guard lock(mutex_);
            parked_.push_back(pending);
          }
          arrived_.notify_all();
        },
        options);
    port_ = server_->serve("127.0.0.1", 0);
    ASSERT_GT(port_, 0) << "the server could not bind a loopback port";
  }

  void TearDown() override {
    {
      std::lock_guard lock(mutex_);
      parked_.clear();
    }
    if (server_) server_->stop();
  }

  // The next request that was parked, waiting up to 10 s for it.
  std::shared_ptr<PendingResponse> next_parked() {
    std::unique_lock lock(mutex_);
    if (!arrived_.wait_for(lock, std::chrono::seconds(10), [this] { return !parked_.empty(); })) {
      return nullptr;
    }
    auto next = parked_.front();
    parked_.pop_front();
    return next;
  }

  static HttpResponse text(int status, std::string body) {
    return {.status = status, .content_type = "text/plain", .body = std::move(body), .headers = {}};
  }

  Answer answer_;
  std::unique_ptr<HttpServer> server_;
  int port_ = 0;

 private:
  std::mutex mutex_;
  std::condition_variable arrived_;
  std::deque<std::shared_ptr<PendingResponse>> parked_;
};

}  // namespace tas::http_server
