// The fake Telegram under a client that keeps its connection alive, as Node's and Python's HTTP
// clients do by default: every Bot API call of a bot under test pays what one request costs here.
#include <memory>
#include <string>

#include <benchmark/benchmark.h>
#include <httplib.h>

#include <tas/fake/fake_telegram_server.hpp>

namespace {

constexpr const char* kToken = "110201543:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
constexpr std::int64_t kUser = 42;
constexpr std::int64_t kChat = -1001;

// One fake with a bot in a group, started once for every benchmark of the program.
tas::fake::FakeTelegramServer& telegram() {
  static const std::unique_ptr<tas::fake::FakeTelegramServer> server = [] {
    auto fake = std::make_unique<tas::fake::FakeTelegramServer>();
    fake->register_bot({.token = kToken, .username = "bench_bot", .first_name = "Bench"});
    fake->create_user({.id = kUser, .is_bot = false, .first_name = "Ada", .username = "ada"});
    fake->create_chat(
        {.chat = {.id = kChat, .type = "supergroup", .title = "bench", .is_forum = false},
         .topic_ids = {},
         .bot_usernames = {"bench_bot"}});
    fake->start();
    return fake;
  }();
  return *server;
}

httplib::Client kept_alive_client() {
  httplib::Client client("127.0.0.1", telegram().port());
  client.set_keep_alive(true);
  return client;
}

void check(benchmark::State& state, const httplib::Result& result) {
  if (!result || result->status != 200) state.SkipWithError("the fake did not answer 200");
}

void GetMeKeptAlive(benchmark::State& state) {
  httplib::Client client = kept_alive_client();
  const std::string path = std::string("/bot") + kToken + "/getMe";
  for (auto _ : state)
    check(state, client.Get(path));
}
BENCHMARK(GetMeKeptAlive)->UseRealTime();

void SendMessageKeptAlive(benchmark::State& state) {
  httplib::Client client = kept_alive_client();
  const std::string path = std::string("/bot") + kToken + "/sendMessage";
  const std::string body = R"({"chat_id":-1001,"text":"benchmark message"})";
  for (auto _ : state)
    check(state, client.Post(path, body, "application/json"));
}
BENCHMARK(SendMessageKeptAlive)->UseRealTime();

void GetMeNewConnectionEach(benchmark::State& state) {
  const std::string path = std::string("/bot") + kToken + "/getMe";
  for (auto _ : state) {
    httplib::Client client("127.0.0.1", telegram().port());
    check(state, client.Get(path));
  }
}
BENCHMARK(GetMeNewConnectionEach)->UseRealTime();

}  // namespace
