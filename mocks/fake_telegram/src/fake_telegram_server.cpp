#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <thread>

#include "bot_api_routes.hpp"
#include "control_routes.hpp"
#include "world.hpp"
#include <fcntl.h>
#include <fmt/format.h>
#include <httplib.h>
#include <sys/socket.h>

#include <tas/fake/fake_telegram_server.hpp>
#include <tas/http_server/stoppable_http_server.hpp>

namespace tas::fake {
namespace {

// Replaces httplib's default listening-socket options: no SO_REUSEPORT, so that a second fake on
// a fixed --port fails to bind instead of silently sharing it; close-on-exec, so that agents the
// harness spawns do not inherit the listening socket and keep the port alive after stop().
void set_listening_socket_options(int socket) {
  const int yes = 1;
  ::setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  ::fcntl(socket, F_SETFD, FD_CLOEXEC);
}

}  // namespace

struct FakeTelegramServer::Impl {
  explicit Impl(FakeTelegramOptions options_in) : options(std::move(options_in)) {}

  // The server thread reports "listening" through the task-queue factory, which httplib calls
  // after it has marked itself running: from then on http.stop() is guaranteed to take effect.
  // (Without this, a stop() racing a fresh start() could be ignored and join() would hang.)
  httplib::TaskQueue* make_task_queue() {
    {
      std::lock_guard lock(lifecycle);
      listening = true;
    }
    listening_changed.notify_all();
    // httplib takes ownership of the raw pointer and deletes it when it stops serving.
    return std::make_unique<httplib::ThreadPool>(options.worker_threads).release();
  }

  FakeTelegramOptions options;
  detail::World world;
  http_server::StoppableHttpServer http;
  std::thread server_thread;

  mutable std::mutex lifecycle;
  std::condition_variable listening_changed;
  bool started = false;
  bool listening = false;
  bool stopped = false;
  int port = 0;
};

FakeTelegramServer::FakeTelegramServer(FakeTelegramOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}

FakeTelegramServer::~FakeTelegramServer() {
  stop();
}

void FakeTelegramServer::start() {
  auto& impl = *impl_;
  std::unique_lock lock(impl.lifecycle);
  if (impl.started || impl.stopped) {
    throw FakeTelegramError("start: the fake was started before; construct a new one instead");
  }
  detail::install_control_routes(impl.http, impl.world, impl.options.on_stop_requested);
  detail::install_bot_api_routes(impl.http, impl.world);
  impl.http.set_socket_options(set_listening_socket_options);
  impl.http.new_task_queue = [&impl] { return impl.make_task_queue(); };

  const auto& host = impl.options.host;
  const int requested = impl.options.port;
  const int bound = requested == 0 ? impl.http.bind_to_any_port(host)
                                   : (impl.http.bind_to_port(host, requested) ? requested : -1);
  if (bound <= 0) {
    const int error = errno;
    throw FakeTelegramError(
        fmt::format("start: expected to bind {}:{}, failed: {}", host,
                    requested == 0 ? std::string("<any port>") : std::to_string(requested),
                    std::strerror(error)));
  }
  impl.port = bound;
  impl.started = true;
  impl.server_thread = std::thread([&impl] {
    impl.http.listen_after_bind();
    // Also release start() should httplib return before it ever asked for its task queue.
    {
      std::lock_guard thread_lock(impl.lifecycle);
      impl.listening = true;
    }
    impl.listening_changed.notify_all();
  });
  impl.listening_changed.wait(lock, [&impl] { return impl.listening; });
}

void FakeTelegramServer::stop() {
  auto& impl = *impl_;
  {
    std::lock_guard lock(impl.lifecycle);
    if (impl.stopped) return;
    impl.stopped = true;
  }
  if (!impl.started) {
    impl.world.shutdown();
    return;
  }
  // Order matters. Closing the listening socket first means every request that finishes from now
  // on closes its connection instead of waiting for another; then the parked long-polls are
  // answered (their responses still go out whole); then idle keep-alive waits are ended, so no
  // worker sits out its keep-alive timeout and the join below is prompt.
  impl.http.stop();
  impl.world.shutdown();
  impl.http.stop_connections();
  impl.server_thread.join();
}

int FakeTelegramServer::port() const {
  std::lock_guard lock(impl_->lifecycle);
  return impl_->port;
}

std::string FakeTelegramServer::base_url() const {
  std::lock_guard lock(impl_->lifecycle);
  return fmt::format("http://{}:{}", impl_->options.host, impl_->port);
}

std::int64_t FakeTelegramServer::register_bot(const BotSpec& bot) {
  return impl_->world.register_bot(bot);
}

void FakeTelegramServer::create_user(const User& user) {
  impl_->world.create_user(user);
}

void FakeTelegramServer::create_chat(const ChatSpec& chat) {
  impl_->world.create_chat(chat);
}

void FakeTelegramServer::add_bot_to_chat(std::int64_t chat_id, std::string_view bot_username) {
  impl_->world.add_bot_to_chat(chat_id, bot_username);
}

Message FakeTelegramServer::send_as_user(std::int64_t user_id, std::int64_t chat_id,
                                         std::optional<std::int64_t> topic_id,
                                         std::string_view text,
                                         std::optional<std::int64_t> reply_to_message_id) {
  return impl_->world.send_as_user(user_id, chat_id, topic_id, text, reply_to_message_id);
}

Message FakeTelegramServer::edit_as_user(std::int64_t user_id, std::int64_t chat_id,
                                         std::int64_t message_id, std::string_view text) {
  return impl_->world.edit_as_user(user_id, chat_id, message_id, text);
}

void FakeTelegramServer::delete_as_user(std::int64_t user_id, std::int64_t chat_id,
                                        std::int64_t message_id) {
  impl_->world.delete_as_user(user_id, chat_id, message_id);
}

std::string FakeTelegramServer::press_button(std::int64_t user_id, std::int64_t chat_id,
                                             std::int64_t message_id,
                                             std::string_view callback_data) {
  return impl_->world.press_button(user_id, chat_id, message_id, callback_data);
}

std::optional<CallbackAnswer> FakeTelegramServer::callback_answer(
    std::string_view callback_query_id, std::chrono::milliseconds timeout) {
  return impl_->world.callback_answer(callback_query_id, detail::Clock::now() + timeout);
}

std::vector<Message> FakeTelegramServer::bot_messages_after(std::int64_t chat_id,
                                                            std::int64_t after_message_id,
                                                            std::chrono::milliseconds timeout) {
  return impl_->world.bot_messages_after(chat_id, after_message_id, detail::Clock::now() + timeout);
}

std::vector<Message> FakeTelegramServer::chat_history(std::int64_t chat_id) const {
  return impl_->world.chat_history(chat_id);
}

BotCounters FakeTelegramServer::counters(std::string_view bot_username) const {
  return impl_->world.counters(bot_username);
}

std::map<std::string, BotCounters> FakeTelegramServer::all_counters() const {
  return impl_->world.all_counters();
}

bool FakeTelegramServer::wait_for_parked(std::string_view bot_username, std::int64_t count,
                                         std::chrono::milliseconds timeout) {
  return impl_->world.wait_for_parked(bot_username, count, detail::Clock::now() + timeout);
}

void FakeTelegramServer::inject_flood_wait(std::string_view bot_username, int retry_after_s,
                                           int calls) {
  impl_->world.inject_flood_wait(bot_username, retry_after_s, calls);
}

void FakeTelegramServer::reset() {
  impl_->world.reset();
}

}  // namespace tas::fake
