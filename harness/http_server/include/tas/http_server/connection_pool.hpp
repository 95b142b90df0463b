#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include <httplib.h>

namespace tas::http_server {

// The server's task queue: one thread per open connection, up to `max_threads`, started as
// connections arrive and kept for the next ones. httplib's own pool has a fixed number of
// threads, each held by one connection until that connection sends its request or times out, so
// a handful of idle connections (a browser's preconnects, or anyone on this machine) made a real
// request wait for their timeouts. Here an idle connection costs a thread, not someone else's
// turn; only past `max_threads` does a connection wait for a free thread.
class ConnectionPool final : public httplib::TaskQueue {
 public:
  explicit ConnectionPool(std::size_t max_threads);
  ~ConnectionPool() override;
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  void enqueue(std::function<void()> job) override;
  // Runs what is queued, then joins every thread.
  void shutdown() override;

 private:
  void work();

  const std::size_t max_threads_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> jobs_;
  std::vector<std::thread> threads_;
  std::size_t idle_ = 0;
  bool shutting_down_ = false;
};

}  // namespace tas::http_server
