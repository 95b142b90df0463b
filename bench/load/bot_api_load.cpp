// A load generator for a Bot API server on loopback — the fake Telegram or any other — for the
// side-by-side figures of scripts/bench.sh: `connections` kept-alive connections (TCP_NODELAY, as
// Node's and Python's clients), each calling one method as fast as it is answered, one call at a
// time, for `seconds` after a short warm-up. One thread drives them all through epoll, so that the
// generator costs little CPU per call and the server it measures, not the generator, sets the rate
// on a machine with few cores. Prints one JSON line: requests per second, p50/p99/max latency in
// microseconds, and the calls that failed. The token comes on stdin, never in argv.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "load_run.hpp"
#include <CLI/CLI.hpp>
#include <arpa/inet.h>
#include <nlohmann/json.hpp>

namespace {

struct Options {
  int port = 0;
  std::string method = "getMe";
  std::int64_t chat_id = 0;
  int connections = 10;
  double seconds = 3;
};

// A token goes into the request line as it is: anything that would break the line is refused.
bool fits_a_request_line(const std::string& token) {
  return std::all_of(token.begin(), token.end(), [](char c) { return c > ' ' && c != '\x7f'; });
}

// The bytes of one call, built once: a GET for getMe, a POST with a JSON body for sendMessage.
std::string request_bytes(const Options& options, const std::string& token) {
  const std::string target = "/bot" + token + "/" + options.method;
  const std::string host = "Host: 127.0.0.1:" + std::to_string(options.port) + "\r\n";
  if (options.method != "sendMessage") return "GET " + target + " HTTP/1.1\r\n" + host + "\r\n";
  const std::string body = nlohmann::json{{"chat_id", options.chat_id}, {"text", "load"}}.dump();
  return "POST " + target + " HTTP/1.1\r\n" + host +
         "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\n\r\n" + body;
}

std::int64_t percentile(const std::vector<std::int64_t>& sorted, double fraction) {
  if (sorted.empty()) return 0;
  const auto index = static_cast<std::size_t>(fraction * static_cast<double>(sorted.size() - 1));
  return sorted[index];
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Load on a Bot API server at 127.0.0.1:<port>; the bot token is read from stdin."};
  Options options;
  app.add_option("--port", options.port, "the server's port")
      ->required()
      ->check(CLI::Range(1, 65535));
  app.add_option("--method", options.method, "getMe or sendMessage")
      ->check(CLI::IsMember({"getMe", "sendMessage"}));
  app.add_option("--chat-id", options.chat_id, "sendMessage's chat_id");
  app.add_option("--connections", options.connections, "connections at once, one call each")
      ->check(CLI::Range(1, 1000));
  app.add_option("--seconds", options.seconds, "how long to measure, after a 0.3 s warm-up")
      ->check(CLI::Range(0.1, 600.0));
  CLI11_PARSE(app, argc, argv);
  std::string token;
  std::getline(std::cin, token);
  if (!token.empty() && token.back() == '\r') token.pop_back();
  if (token.empty() || !fits_a_request_line(token)) {
    std::cerr
        << "bot_api_load: expected the bot token on stdin (no spaces or control characters)\n";
    return 64;
  }

  const std::string request = request_bytes(options, token);
  tas::bench::LoadPlan plan;
  plan.server.sin_family = AF_INET;
  plan.server.sin_port = htons(static_cast<std::uint16_t>(options.port));
  plan.server.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  plan.request = request;
  plan.connections = options.connections;
  plan.measured = std::chrono::duration<double>(options.seconds);
  tas::bench::LoadResult result;
  try {
    result = tas::bench::run_load(plan);
  } catch (const std::exception& error) {
    std::cerr << "bot_api_load: " << error.what() << '\n';
    return 1;
  }

  auto& latencies = result.tally.latencies_us;
  std::sort(latencies.begin(), latencies.end());
  std::cout << nlohmann::json{{"method", options.method},
                              {"connections", options.connections},
                              {"requests_per_s",
                               static_cast<double>(latencies.size()) / result.measured_seconds},
                              {"p50_us", percentile(latencies, 0.50)},
                              {"p99_us", percentile(latencies, 0.99)},
                              {"max_us", latencies.empty() ? 0 : latencies.back()},
                              {"failures", result.tally.failures}}
                   .dump()
            << '\n';
  return result.tally.failures == 0 && !latencies.empty() ? 0 : 1;
}
