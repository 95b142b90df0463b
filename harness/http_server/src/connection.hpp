#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "server_state.hpp"
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <tas/http_server/http_message.hpp>

namespace tas::http_server::detail {

// One client connection: reads a request, hands it to the handler, writes the response it is
// given (now or later), and reads the next while the client keeps the connection alive. All of
// it on the server's thread.
class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(ServerState& server, boost::asio::ip::tcp::socket socket);

  void start();
  void send(HttpResponse response);
  // Calls `on_timeout` after `delay` unless a response has been sent by then.
  void arm_response_timeout(std::chrono::milliseconds delay, std::function<void()> on_timeout);
  // Closes now unless a request is being answered.
  void close_if_idle();
  void close();
  [[nodiscard]] bool peer_hung_up() const;

 private:
  void read_next();
  void on_header(boost::beast::error_code error);
  void read_body();
  void on_request(boost::beast::error_code error);
  void fail_request(boost::beast::error_code error);
  // Answers `status` with `text` and closes once it is out, without reading the rest.
  void refuse(int status, std::string text);
  void on_written(boost::beast::error_code error, bool keep_alive);

  ServerState& server_;
  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  boost::asio::steady_timer response_timer_;
  std::atomic<int> fd_;  // -1 once closed; read by peer_hung_up from other threads
  std::string remote_address_;
  int remote_port_ = 0;

  // The request being answered.
  bool awaiting_response_ = false;
  bool writing_ = false;
  bool keep_alive_ = false;
  bool head_request_ = false;
  unsigned version_ = 11;
  bool closed_ = false;
};

}  // namespace tas::http_server::detail
