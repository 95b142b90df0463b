// tas-live-loopback: runs a command with the live tier pointed at loopback stand-ins for the live
// endpoints, so that CI executes the live tier's code paths instead of skipping them:
//
//   tas-live-loopback <command> [args…]        e.g.  tas-live-loopback ctest --preset all
//
// It starts the fake-telegram executable (standing in for api.telegram.org, with a fresh bot and
// a forum chat), puts the bot's token into a Secret Drop store with `test-as-self secret put`
// (the value on stdin, as CI would), writes a live configuration naming them, runs the command
// with TAS_LIVE_CONFIG set to it, and tears the stand-ins down. Exits with the command's code.
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <tas/atomic_file.hpp>
#include <tas/backends/posix_process_launcher.hpp>
#include <tas/fake/random_bot_token.hpp>
#include <tas/interrupt.hpp>

extern char** environ;

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr std::int64_t kUserId = 880001;
constexpr std::int64_t kChatId = -1008800001;
constexpr std::int64_t kTopicId = 5;
constexpr std::string_view kBotName = "live_loopback_bot";

std::string read_text(const fs::path& file) {
  std::ifstream in(file);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

// Waits for `condition` with a deadline, looking every 20 ms.
bool wait_for(const std::function<bool()>& condition, std::chrono::seconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!condition()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    timespec pause{0, 20'000'000};
    ::nanosleep(&pause, nullptr);
  }
  return true;
}

// Runs `argv` with this process's streams and environment plus `extra`; forwards an interrupting
// signal to it and returns its exit code (128 + signal when it died by one).
int run_command(const std::vector<std::string>& argv, const std::string& extra) {
  std::vector<char*> args;
  for (const std::string& arg : argv)
    args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  // This process's environment, with `extra` in place of any entry of the same name.
  const std::string name = extra.substr(0, extra.find('=') + 1);
  std::vector<char*> env;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    if (!std::string_view(*entry).starts_with(name)) env.push_back(*entry);
  }
  env.push_back(const_cast<char*>(extra.c_str()));
  env.push_back(nullptr);
  pid_t child = 0;
  if (::posix_spawnp(&child, args[0], nullptr, nullptr, args.data(), env.data()) != 0) {
    std::cerr << "tas-live-loopback: cannot start " << argv[0] << "\n";
    return 127;
  }
  int status = 0;
  bool forwarded = false;
  while (true) {
    const pid_t done = ::waitpid(child, &status, WNOHANG);
    if (done == child) break;
    if (const int signal_number = tas::pending_signal(); signal_number != 0 && !forwarded) {
      ::kill(child, signal_number);
      forwarded = true;
    }
    timespec pause{0, 50'000'000};
    ::nanosleep(&pause, nullptr);
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int live_loopback(const std::vector<std::string>& command) {
  tas::SignalScope signals;  // Ctrl-C reaches the command; this process only cleans up after it
  std::string pattern = (fs::temp_directory_path() / "tas-live-loopback-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  const fs::path dir = pattern;
  auto registry = std::make_shared<tas::ProcessRegistry>(dir / "registry");
  tas::PosixProcessLauncher launcher(registry);

  // The stand-in for api.telegram.org: a bot, a person, a forum chat with a topic.
  const std::string token = tas::fake::random_bot_token(7100000001);
  tas::write_file_atomically(
      dir / "bots.json",
      json{{"bots", {{{"token", token}, {"username", kBotName}, {"first_name", "Live loopback"}}}}}
          .dump(),
      fs::perms(0600));
  tas::write_file_atomically(dir / "chats.json",
                             json{{"users", {{{"id", kUserId}, {"first_name", "Live operator"}}}},
                                  {"chats",
                                   {{{"id", kChatId},
                                     {"type", "supergroup"},
                                     {"title", "live loopback"},
                                     {"is_forum", true},
                                     {"topics", {kTopicId}},
                                     {"bots", {kBotName}}}}}}
                                 .dump(),
                             fs::perms(0600));
  tas::LaunchSpec fake;
  fake.role = "fake-telegram";
  fake.argv = {TAS_FAKE_TELEGRAM,
               "--port-file",
               (dir / "port").string(),
               "--bots-file",
               (dir / "bots.json").string(),
               "--chats-file",
               (dir / "chats.json").string()};
  fake.working_directory = dir;
  fake.environment = {"PATH=/usr/bin:/bin"};
  fake.stdout_file = dir / "fake-telegram.log";
  fake.stderr_file = dir / "fake-telegram.log";
  auto telegram = launcher.launch(fake);
  if (!wait_for([&] { return fs::exists(dir / "port") || telegram->poll(); },
                std::chrono::seconds(15)) ||
      telegram->poll()) {
    std::cerr << "tas-live-loopback: the fake Telegram did not start:\n"
              << read_text(dir / "fake-telegram.log");
    return 1;
  }
  const std::string base_url = fmt::format("http://127.0.0.1:{}", read_text(dir / "port"));

  // The token into Secret Drop from stdin, the way CI hands one over.
  tas::write_file_atomically(dir / "token-for-stdin", token, fs::perms(0600));
  tas::LaunchSpec put;
  put.role = "secret-put";
  put.argv = {TAS_CLI, "secret",  "--store",          (dir / "secret-drop").string(),
              "put",   "--label", "live loopback bot"};
  put.working_directory = dir;
  put.environment = {"PATH=/usr/bin:/bin", "HOME=" + dir.string()};
  put.stdin_file = dir / "token-for-stdin";
  put.stdout_file = dir / "put.out";
  put.stderr_file = dir / "put.err";
  auto putting = launcher.launch(put);
  wait_for([&] { return putting->poll().has_value(); }, std::chrono::seconds(30));
  const auto put_status = putting->stop(std::chrono::seconds(1));
  fs::remove(dir / "token-for-stdin");
  std::string drop_id = read_text(dir / "put.out");
  while (!drop_id.empty() && (drop_id.back() == '\n' || drop_id.back() == ' '))
    drop_id.pop_back();
  if (!put_status.success() || drop_id.empty()) {
    std::cerr << "tas-live-loopback: test-as-self secret put " << put_status.describe() << ":\n"
              << read_text(dir / "put.err");
    telegram->stop(std::chrono::seconds(2));
    return 1;
  }

  const json config = {
      {"schema", "test-as-self/live@1"},
      {"telegram_api", base_url},
      {"bot_token", {{"drop_id", drop_id}, {"store", (dir / "secret-drop").string()}}},
      {"user_driver",
       {{"url", base_url},
        {"user_id", kUserId},
        {"chat_id", kChatId},
        {"topic_id", kTopicId},
        {"bot_username", kBotName}}}};
  tas::write_file_atomically(dir / "live.json", config.dump(2), fs::perms(0600));
  std::cerr << fmt::format(
      "tas-live-loopback: live tier → fake Telegram at {}, bot token in Secret Drop {} ({})\n",
      base_url, drop_id, (dir / "live.json").string());

  const int code = run_command(command, "TAS_LIVE_CONFIG=" + (dir / "live.json").string());

  telegram->stop(std::chrono::seconds(2));
  std::error_code ignored;
  fs::remove_all(dir, ignored);
  return code;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: tas-live-loopback <command> [args…]   (e.g. tas-live-loopback ctest "
                 "--preset all)\n";
    return 2;
  }
  try {
    return live_loopback(std::vector<std::string>(argv + 1, argv + argc));
  } catch (const std::exception& error) {
    std::cerr << "tas-live-loopback: " << error.what() << "\n";
    return 1;
  }
}
