// A load generator for a Bot API server on loopback — the fake Telegram or any other — for the
// side-by-side figures of scripts/bench.sh: `connections` clients, each on its own kept-alive
// connection (TCP_NODELAY, as Node's and Python's clients), calling one method as fast as they
// are answered for `seconds`. Prints one JSON line: requests per second, p50/p99/max latency in
// microseconds, and the calls that failed. The token comes on stdin, never in argv.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <httplib.h>
#include <nlohmann/json.hpp>

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  int port = 0;
  std::string method = "getMe";
  std::int64_t chat_id = 0;
  int connections = 10;
  double seconds = 3;
};

struct ClientResult {
  std::vector<std::int64_t> latencies_us;
  std::int64_t failures = 0;
};

ClientResult run_client(const Options& options, const std::string& token, Clock::time_point end) {
  httplib::Client client("127.0.0.1", options.port);
  client.set_keep_alive(true);
  client.set_tcp_nodelay(true);
  const std::string path = "/bot" + token + "/" + options.method;
  const std::string body = nlohmann::json{{"chat_id", options.chat_id}, {"text", "load"}}.dump();
  ClientResult result;
  while (Clock::now() < end) {
    const auto sent = Clock::now();
    const auto response = options.method == "sendMessage"
                              ? client.Post(path, body, "application/json")
                              : client.Get(path);
    const auto took = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - sent);
    if (!response || response->status != 200) {
      ++result.failures;
      continue;
    }
    result.latencies_us.push_back(took.count());
  }
  return result;
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
  app.add_option("--port", options.port, "the server's port")->required();
  app.add_option("--method", options.method, "getMe or sendMessage")
      ->check(CLI::IsMember({"getMe", "sendMessage"}));
  app.add_option("--chat-id", options.chat_id, "sendMessage's chat_id");
  app.add_option("--connections", options.connections, "clients at once")
      ->check(CLI::Range(1, 1000));
  app.add_option("--seconds", options.seconds, "how long")->check(CLI::Range(0.1, 600.0));
  CLI11_PARSE(app, argc, argv);
  std::string token;
  std::getline(std::cin, token);
  if (token.empty()) {
    std::cerr << "bot_api_load: expected the bot token on stdin, got nothing\n";
    return 64;
  }

  const auto started = Clock::now();
  const auto end = started + std::chrono::duration_cast<Clock::duration>(
                                 std::chrono::duration<double>(options.seconds));
  std::vector<ClientResult> results(static_cast<std::size_t>(options.connections));
  std::vector<std::thread> clients;
  for (std::size_t i = 0; i < results.size(); ++i) {
    clients.emplace_back([&, i] { results[i] = run_client(options, token, end); });
  }
  for (auto& client : clients)
    client.join();
  const double elapsed = std::chrono::duration<double>(Clock::now() - started).count();

  std::vector<std::int64_t> all;
  std::int64_t failures = 0;
  for (const auto& result : results) {
    all.insert(all.end(), result.latencies_us.begin(), result.latencies_us.end());
    failures += result.failures;
  }
  std::sort(all.begin(), all.end());
  std::cout << nlohmann::json{{"method", options.method},
                              {"connections", options.connections},
                              {"requests_per_s", static_cast<double>(all.size()) / elapsed},
                              {"p50_us", percentile(all, 0.50)},
                              {"p99_us", percentile(all, 0.99)},
                              {"max_us", all.empty() ? 0 : all.back()},
                              {"failures", failures}}
                   .dump()
            << '\n';
  return failures == 0 ? 0 : 1;
}
