// One kept-alive connection of the load generator: it sends the same request, waits for the whole
// response, tallies it, and sends again — one call at a time, as a bot does, never pipelined. It
// lives on a non-blocking socket registered (edge-triggered) with the generator's epoll instance,
// so one thread drives every connection at the cost of a send and a read per call. A connection
// the server closes is opened again; one that cannot be opened is tried again a little later.
#pragma once

#include <chrono>
#include <cstdint>
#include <string_view>

#include "load_tally.hpp"
#include "response_reader.hpp"
#include <netinet/in.h>

namespace tas::bench {

using Clock = std::chrono::steady_clock;

class HttpExchange {
 public:
  // `request` and `tally` outlive the exchange.
  HttpExchange(int epoll_fd, const sockaddr_in& server, std::string_view request, LoadTally& tally);
  ~HttpExchange();
  HttpExchange(const HttpExchange&) = delete;
  HttpExchange& operator=(const HttpExchange&) = delete;

  // Opens the connection and sends the first request.
  void start();
  // What epoll reported for this exchange's socket.
  void on_events(std::uint32_t events);
  // Opens the connection again if it could not be opened and it is time to try once more.
  void retry_if_due(Clock::time_point now);
  // A call sent before `cutoff` and still unanswered: the server has stalled on it.
  bool unanswered_since(Clock::time_point cutoff) const;

 private:
  enum class State { waiting_to_retry, connecting, sending, receiving };

  void connect();
  void begin_call();
  void send_rest();
  void receive();
  void finish_call();
  // A call failed on an open connection: count it and open another at once.
  void fail_and_reconnect();
  // The connection could not be opened: count it and try again a little later.
  void fail_and_wait();
  void close_socket();

  int epoll_fd_;
  sockaddr_in server_;
  std::string_view request_;
  LoadTally& tally_;
  ResponseReader reader_;
  int socket_ = -1;
  State state_ = State::waiting_to_retry;
  std::size_t sent_bytes_ = 0;
  Clock::time_point sent_at_{};
  Clock::time_point retry_at_{};
};

}  // namespace tas::bench
