#include <atomic>
#include <cerrno>
#include <future>
#include <list>
#include <mutex>
#include <thread>

#include "listening_socket.hpp"
#include "server_state.hpp"
#include <boost/asio/post.hpp>

#include <tas/http_server/http_server.hpp>

namespace tas::http_server {
namespace {

// How long responses already on their way may take once stopping, before their connections are
// closed regardless.
constexpr std::chrono::milliseconds kStopGrace{2000};

}  // namespace

struct HttpServer::Impl {
  Impl(Handler handler, HttpServerOptions options)
      : state(std::make_shared<detail::ServerState>(std::move(handler), std::move(options))) {}

  // Runs `work` on the server's thread and waits for it.
  void on_server_thread(std::function<void()> work) {
    std::promise<void> done;
    boost::asio::post(state->io, [&] {
      work();
      done.set_value();
    });
    done.get_future().wait();
  }

  struct BlockingCall {
    std::thread thread;
    std::shared_ptr<std::atomic<bool>> done;
  };

  void join_blocking_calls() {
    std::list<BlockingCall> running;
    {
      std::lock_guard lock(blocking_mutex);
      running.swap(blocking_calls);
    }
    for (auto& call : running)
      call.thread.join();
  }

  // Joins the calls that have ended, so that a long-running server's finished threads do not pile
  // up (an unjoined thread keeps its stack). Called with blocking_mutex held.
  void join_finished_blocking_calls() {
    for (auto call = blocking_calls.begin(); call != blocking_calls.end();) {
      if (!*call->done) {
        ++call;
        continue;
      }
      call->thread.join();
      call = blocking_calls.erase(call);
    }
  }

  std::shared_ptr<detail::ServerState> state;
  std::thread serving_thread;
  std::mutex lifecycle;
  bool served = false;
  bool stopped = false;

  std::mutex blocking_mutex;
  std::list<BlockingCall> blocking_calls;
};

HttpServer::HttpServer(Handler handler, HttpServerOptions options)
    : impl_(std::make_shared<Impl>(std::move(handler), std::move(options))) {}

HttpServer::~HttpServer() {
  stop();
  impl_->join_blocking_calls();
}

int HttpServer::serve(const std::string& host, int port,
                      const std::function<void(int)>& before_serving) {
  std::lock_guard lock(impl_->lifecycle);
  if (impl_->served || impl_->stopped) {
    errno = EALREADY;
    return -1;
  }
  const auto listening = detail::listen_on(host, port);
  if (listening.fd < 0) return -1;
  impl_->served = true;
  if (before_serving) before_serving(listening.port);
  impl_->state->start_accepting(listening.fd);
  impl_->serving_thread = std::thread([state = impl_->state] { state->io.run(); });
  return listening.port;
}

void HttpServer::stop(const std::function<void()>& before_closing) {
  {
    std::lock_guard lock(impl_->lifecycle);
    if (impl_->stopped) return;
    impl_->stopped = true;
    if (!impl_->served) return;
  }
  auto& state = *impl_->state;
  impl_->on_server_thread([&state] { state.begin_stopping(); });
  if (before_closing) before_closing();
  impl_->join_blocking_calls();
  boost::asio::post(state.io, [&state] { state.drain(kStopGrace); });
  impl_->serving_thread.join();
}

void HttpServer::run_blocking(std::function<void()> work) {
  std::lock_guard lock(impl_->blocking_mutex);
  impl_->join_finished_blocking_calls();
  auto done = std::make_shared<std::atomic<bool>>(false);
  std::thread thread([work = std::move(work), done] {
    try {
      work();
    } catch (...) {
      // Its request, left unanswered, is answered 500 when its PendingResponse goes.
    }
    *done = true;
  });
  impl_->blocking_calls.push_back({std::move(thread), std::move(done)});
}

}  // namespace tas::http_server
