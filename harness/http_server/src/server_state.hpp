#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include <tas/http_server/http_server.hpp>

namespace tas::http_server::detail {

class Connection;

// What the server's thread works on. Everything but the constants belongs to that thread; other
// threads reach it only by posting to `io`.
class ServerState : public std::enable_shared_from_this<ServerState> {
 public:
  ServerState(Handler handler_in, HttpServerOptions options_in);

  // Takes over the bound socket `fd` and accepts from it.
  void start_accepting(int fd);
  // No new connections or requests; idle connections close.
  void begin_stopping();
  // Every connection closes once its response is out, or after `grace` at once; then the
  // server's thread has nothing left to do and returns.
  void drain(std::chrono::milliseconds grace);
  void forget(Connection* connection);

  boost::asio::io_context io{1};
  const Handler handler;
  const HttpServerOptions options;
  bool stopping = false;

 private:
  void accept_next();
  void accept_waiting();
  void finish_if_drained();

  boost::asio::ip::tcp::acceptor acceptor_{io};
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>>
      keep_running_{boost::asio::make_work_guard(io)};
  boost::asio::steady_timer grace_timer_{io};
  // Owned here: a connection lives until it closes, whether or not an operation of its is
  // pending (a parked request has none).
  std::map<Connection*, std::shared_ptr<Connection>> connections_;
  bool accepting_paused_ = false;
  bool draining_ = false;
};

}  // namespace tas::http_server::detail
