#include <algorithm>

#include <tas/http_server/connection_pool.hpp>

namespace tas::http_server {

ConnectionPool::ConnectionPool(std::size_t max_threads)
    : max_threads_(std::max<std::size_t>(1, max_threads)) {}

ConnectionPool::~ConnectionPool() {
  shutdown();
}

void ConnectionPool::enqueue(std::function<void()> job) {
  {
    std::unique_lock lock(mutex_);
    if (shutting_down_) {
      // Run, never dropped: the job is what closes its connection (at once, when stopping).
      lock.unlock();
      job();
      return;
    }
    jobs_.push_back(std::move(job));
    // A new thread only when every existing one is busy: the jobs already waiting take the idle.
    if (jobs_.size() > idle_ && threads_.size() < max_threads_) {
      threads_.emplace_back([this] { work(); });
      return;
    }
  }
  ready_.notify_one();
}

void ConnectionPool::shutdown() {
  {
    std::lock_guard lock(mutex_);
    if (shutting_down_ && threads_.empty()) return;
    shutting_down_ = true;
  }
  ready_.notify_all();
  // Only httplib's server thread calls shutdown(), and no thread is added once shutting down.
  for (std::thread& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
  std::lock_guard lock(mutex_);
  threads_.clear();
}

void ConnectionPool::work() {
  for (;;) {
    std::function<void()> job;
    {
      std::unique_lock lock(mutex_);
      ++idle_;
      ready_.wait(lock, [this] { return !jobs_.empty() || shutting_down_; });
      --idle_;
      if (jobs_.empty()) return;  // shutting down, nothing left to serve
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    job();
  }
}

}  // namespace tas::http_server
