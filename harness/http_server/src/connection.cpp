#include "connection.hpp"

#include <exception>

#include "exchange.hpp"
#include <boost/asio/write.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>

namespace tas::http_server::detail {
namespace beast = boost::beast;
namespace http = boost::beast::http;

namespace {

HttpRequest request_from(http::request<http::string_body>&& message, const std::string& address,
                         int port) {
  HttpRequest request;
  request.method = std::string(message.method_string());
  request.target = std::string(message.target());
  const auto question = request.target.find('?');
  request.path = request.target.substr(0, question);
  if (question != std::string::npos) request.query = request.target.substr(question + 1);
  for (const auto& field : message) {
    request.headers.push_back({std::string(field.name_string()), std::string(field.value())});
  }
  request.body = std::move(message.body());
  request.remote_address = address;
  request.remote_port = port;
  return request;
}

// Has the kernel acknowledge at once what arrives next. A client with Nagle's algorithm on
// (httplib's, Python's for a body sent apart) sends a request's body only once its headers are
// acknowledged, and Linux, having just answered on this connection, would delay that ACK (~40 ms)
// to ride on a response that cannot come before the body. The kernel leaves quick-ACK mode again by
// itself, so this is said before every read.
void acknowledge_promptly(boost::beast::tcp_stream& stream) {
  const int quick = 1;
  ::setsockopt(stream.socket().native_handle(), IPPROTO_TCP, TCP_QUICKACK, &quick, sizeof(quick));
}

HttpResponse plain_error(int status, std::string text) {
  return {.status = status,
          .content_type = "text/plain",
          .body = std::move(text) + "\n",
          .headers = {}};
}

}  // namespace

Connection::Connection(ServerState& server, boost::asio::ip::tcp::socket socket)
    : server_(server),
      stream_(std::move(socket)),
      response_timer_(server.io),
      fd_(stream_.socket().native_handle()) {
  beast::error_code ignored;
  const auto remote = stream_.socket().remote_endpoint(ignored);
  remote_address_ = remote.address().to_string();
  remote_port_ = remote.port();
}

void Connection::start() {
  // A response is one write; with Nagle's algorithm on, a kept-alive client's next request (or
  // the rest of a response split by the kernel) would wait for a delayed ACK, ~40 ms.
  beast::error_code ignored;
  stream_.socket().set_option(boost::asio::ip::tcp::no_delay(true), ignored);
  read_next();
}

void Connection::read_next() {
  if (closed_) return;
  if (server_.stopping) {
    close();
    return;
  }
  parser_.emplace();
  parser_->header_limit(static_cast<std::uint32_t>(server_.options.max_header_bytes));
  parser_->body_limit(server_.options.max_body_bytes);
  stream_.expires_after(server_.options.idle_timeout);
  acknowledge_promptly(stream_);
  http::async_read_header(stream_, buffer_, *parser_,
                          [self = shared_from_this()](beast::error_code error, std::size_t) {
                            self->on_header(error);
                          });
}

void Connection::on_header(beast::error_code error) {
  if (closed_) return;
  if (error) {
    fail_request(error);
    return;
  }
  if (server_.stopping) {
    close();
    return;
  }
  if (server_.options.require_content_length && parser_->chunked()) {
    refuse(411, "send the body with a Content-Length, not in chunks");
    return;
  }
  const auto& message = parser_->get();
  // A client that asks first (curl, for a large upload) waits for this before it sends the body.
  if (!parser_->is_done() && beast::iequals(message[http::field::expect], "100-continue")) {
    static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
    stream_.expires_after(server_.options.transfer_timeout);
    boost::asio::async_write(stream_, boost::asio::buffer(kContinue.data(), kContinue.size()),
                             [self = shared_from_this()](beast::error_code written, std::size_t) {
                               if (written) {
                                 self->close();
                               } else {
                                 self->read_body();
                               }
                             });
    return;
  }
  read_body();
}

void Connection::read_body() {
  if (closed_) return;
  if (parser_->is_done()) {
    on_request({});
    return;
  }
  stream_.expires_after(server_.options.transfer_timeout);
  acknowledge_promptly(stream_);
  http::async_read(stream_, buffer_, *parser_,
                   [self = shared_from_this()](beast::error_code error, std::size_t) {
                     self->on_request(error);
                   });
}

void Connection::on_request(beast::error_code error) {
  if (closed_) return;
  if (error) {
    fail_request(error);
    return;
  }
  stream_.expires_never();
  auto message = parser_->release();
  parser_.reset();
  keep_alive_ = message.keep_alive();
  head_request_ = message.method() == http::verb::head;
  version_ = message.version();
  awaiting_response_ = true;
  auto exchange = make_exchange(server_.shared_from_this(), shared_from_this(),
                                request_from(std::move(message), remote_address_, remote_port_));
  try {
    server_.handler(exchange);
  } catch (const std::exception& thrown) {
    exchange->respond(plain_error(500, thrown.what()));
  }
}

void Connection::fail_request(beast::error_code error) {
  // A client that went away or stayed silent is simply closed; a malformed request is told why.
  if (error == http::error::end_of_stream || error == boost::asio::error::eof ||
      error == beast::error::timeout || error == boost::asio::error::operation_aborted ||
      error == boost::asio::error::connection_reset || error == http::error::partial_message) {
    close();
    return;
  }
  if (error == http::error::body_limit) {
    refuse(413, "the request body is larger than this server takes");
  } else if (error == http::error::header_limit) {
    refuse(431, "the request's headers are larger than this server takes");
  } else {
    refuse(400, "malformed HTTP request: " + error.message());
  }
}

void Connection::refuse(int status, std::string text) {
  keep_alive_ = false;
  awaiting_response_ = true;
  send(plain_error(status, std::move(text)));
}

void Connection::send(HttpResponse response) {
  if (closed_ || !awaiting_response_) return;
  awaiting_response_ = false;
  response_timer_.cancel();
  auto message = std::make_shared<http::response<http::string_body>>();
  message->version(version_);
  message->result(static_cast<unsigned>(response.status));
  if (!response.content_type.empty())
    message->set(http::field::content_type, response.content_type);
  for (const auto& header : server_.options.headers_on_every_response)
    message->set(header.name, header.value);
  for (const auto& header : response.headers)
    message->set(header.name, header.value);
  message->keep_alive(keep_alive_ && !server_.stopping &&
                      !server_.options.one_request_per_connection);
  message->body() = std::move(response.body);
  message->prepare_payload();
  if (head_request_) message->body().clear();  // Content-Length still says what GET would send
  writing_ = true;
  stream_.expires_after(server_.options.transfer_timeout);
  http::async_write(stream_, *message,
                    [self = shared_from_this(), message](beast::error_code error, std::size_t) {
                      self->on_written(error, message->keep_alive());
                    });
}

void Connection::on_written(beast::error_code error, bool keep_alive) {
  writing_ = false;
  if (closed_) return;
  if (error || !keep_alive) {
    close();
    return;
  }
  read_next();
}

void Connection::arm_response_timeout(std::chrono::milliseconds delay,
                                      std::function<void()> on_timeout) {
  if (closed_ || !awaiting_response_) return;
  response_timer_.expires_after(delay);
  response_timer_.async_wait(
      [self = shared_from_this(), on_timeout = std::move(on_timeout)](beast::error_code error) {
        if (!error && !self->closed_) on_timeout();
      });
}

void Connection::close_if_idle() {
  if (!awaiting_response_ && !writing_) close();
}

void Connection::close() {
  if (closed_) return;
  closed_ = true;
  fd_ = -1;
  response_timer_.cancel();
  beast::error_code ignored;
  stream_.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
  stream_.close();
  server_.forget(this);
}

bool Connection::peer_hung_up() const {
  const int fd = fd_;
  if (fd < 0) return true;
  // The client has sent its whole request and waits: nothing to read, unless it closed its end.
  pollfd peer{.fd = fd, .events = POLLRDHUP, .revents = 0};
  return ::poll(&peer, 1, 0) > 0 && (peer.revents & (POLLRDHUP | POLLHUP | POLLERR)) != 0;
}

}  // namespace tas::http_server::detail
