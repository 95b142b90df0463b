#include <cerrno>
#include <cstring>
#include <mutex>

#include "request_router.hpp"
#include "world.hpp"
#include <fmt/format.h>

#include <tas/fake/fake_telegram_server.hpp>
#include <tas/http_server/http_server.hpp>

namespace tas::fake {

struct FakeTelegramServer::Impl {
  explicit Impl(FakeTelegramOptions options_in)
      : options(std::move(options_in)),
        router(
            world, [this](std::function<void()> work) { http.run_blocking(std::move(work)); },
            options.on_stop_requested),
        http([this](const auto& pending) { router.route(pending); },
             http_server::HttpServerOptions{.max_connections = options.max_connections}) {}

  FakeTelegramOptions options;
  detail::World world;
  detail::RequestRouter router;
  http_server::HttpServer http;

  mutable std::mutex lifecycle;
  bool started = false;
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
  std::lock_guard lock(impl.lifecycle);
  if (impl.started || impl.stopped) {
    throw FakeTelegramError("start: the fake was started before; construct a new one instead");
  }
  const auto& host = impl.options.host;
  const int requested = impl.options.port;
  const int bound = impl.http.serve(host, requested);
  if (bound <= 0) {
    const int error = errno;
    throw FakeTelegramError(
        fmt::format("start: expected to bind {}:{}, failed: {}", host,
                    requested == 0 ? std::string("<any port>") : std::to_string(requested),
                    std::strerror(error)));
  }
  impl.port = bound;
  impl.started = true;
}

void FakeTelegramServer::stop() {
  auto& impl = *impl_;
  {
    std::lock_guard lock(impl.lifecycle);
    if (impl.stopped) return;
    impl.stopped = true;
  }
  // The parked long-polls are answered once no new connection can come, while their responses
  // can still go out whole; then the server closes the rest.
  impl.http.stop([&impl] { impl.world.shutdown(); });
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
