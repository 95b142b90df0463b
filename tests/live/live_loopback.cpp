// tas-live-loopback: runs a command with the live tier pointed at loopback stand-ins for the live
// endpoints, so that CI executes the live tier's code paths instead of skipping them:
//
//   tas-live-loopback <command> [args…]        e.g.  tas-live-loopback ctest --preset all
//
// It starts the fake-telegram executable (standing in for api.telegram.org, with a fresh bot and
// a forum chat) and the fake-llm executable (standing in for the LLM judge's provider, in veto
// mode), puts the bot's token into a Secret Drop store with `test-as-self secret put` (the value
// on stdin, as CI would), writes a live configuration naming them, runs the command with
// TAS_LIVE_CONFIG set to it, and tears the stand-ins down. Exits with the command's code.
#include <cstdlib>
#include <iostream>

#include "files.hpp"
#include "processes.hpp"
#include "temp_dir.hpp"
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <tas/backends/posix_process_launcher.hpp>
#include <tas/core/atomic_file.hpp>
#include <tas/core/interrupt.hpp>
#include <tas/fake/random_bot_token.hpp>

extern char** environ;

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr std::int64_t kUserId = 880001;
constexpr std::int64_t kChatId = -1008800001;
constexpr std::int64_t kTopicId = 5;
constexpr std::string_view kBotName = "live_loopback_bot";
constexpr auto kStartPatience = std::chrono::seconds(15);

class SetupError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

using tas::test::read_text;

// A program it runs: the one installed beside it (bin/ of an installed test-as-self), else the
// one of the build it was built in.
std::string program(const char* name, const char* built) {
  std::error_code error;
  const fs::path beside = fs::read_symlink("/proc/self/exe", error).parent_path() / name;
  if (!error && ::access(beside.c_str(), X_OK) == 0) return beside.string();
  return built;
}

std::string trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
    text.pop_back();
  return text;
}

// The stand-ins and the files they need, in one temporary directory; everything is stopped and
// removed when this ends.
class LoopbackWorld {
 public:
  LoopbackWorld() : launcher_(std::make_shared<tas::ProcessRegistry>(dir_ / "registry")) {}
  ~LoopbackWorld() {
    for (auto& process : running_)
      process->stop(std::chrono::seconds(2));
  }
  LoopbackWorld(const LoopbackWorld&) = delete;
  LoopbackWorld& operator=(const LoopbackWorld&) = delete;

  [[nodiscard]] fs::path path(std::string_view name) const { return dir_ / name; }

  // Starts a stand-in server that writes its port to <dir>/<role>.port once it listens; returns
  // "http://127.0.0.1:<port>".
  std::string serve(const std::string& role, std::vector<std::string> argv) {
    const fs::path port_file = path(role + ".port");
    argv.insert(argv.end(), {"--port-file", port_file.string()});
    tas::Process& server = launch(role, std::move(argv));
    if (!tas::test::eventually([&] { return fs::exists(port_file) || server.poll(); },
                               kStartPatience) ||
        server.poll()) {
      throw SetupError(fmt::format("the {} did not start:\n{}", role, read_text(log_of(role))));
    }
    return fmt::format("http://127.0.0.1:{}", std::stoi(read_text(port_file)));
  }

  // Runs `argv` to its end with `input` on its stdin (from a 0600 file, removed afterwards);
  // returns its stdout, trimmed.
  std::string run(const std::string& role, std::vector<std::string> argv, std::string_view input) {
    const fs::path input_file = path(role + ".stdin");
    tas::write_file_atomically(input_file, input, fs::perms(0600), tas::Durability::crash_safe);
    tas::Process& process = launch(role, std::move(argv), input_file);
    tas::test::eventually([&] { return process.poll().has_value(); }, std::chrono::seconds(30));
    const tas::ExitStatus status = process.stop(std::chrono::seconds(1));
    fs::remove(input_file);
    if (!status.success()) {
      throw SetupError(fmt::format("{} {}:\n{}", role, status.describe(), read_text(log_of(role))));
    }
    return trimmed(read_text(path(role + ".out")));
  }

 private:
  [[nodiscard]] fs::path log_of(const std::string& role) const { return path(role + ".log"); }

  tas::Process& launch(const std::string& role, std::vector<std::string> argv,
                       fs::path input = {}) {
    tas::LaunchSpec spec;
    spec.role = role;
    spec.argv = std::move(argv);
    spec.working_directory = dir_.path();
    spec.environment = {"PATH=/usr/bin:/bin", "HOME=" + dir_.path().string()};
    spec.stdout_file = input.empty() ? log_of(role) : path(role + ".out");
    spec.stderr_file = log_of(role);
    spec.stdin_file = std::move(input);
    running_.push_back(launcher_.launch(spec));
    return *running_.back();
  }

  // Removed with everything in it once the stand-ins are stopped (members end after the body).
  tas::test::TempDir dir_{"tas-live-loopback"};
  tas::PosixProcessLauncher launcher_;
  std::vector<std::unique_ptr<tas::Process>> running_;
};

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
  while (::waitpid(child, &status, WNOHANG) != child) {
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
  LoopbackWorld world;

  // The stand-in for api.telegram.org: a bot, a person, a forum chat with a topic.
  const std::string token = tas::fake::random_bot_token(7100000001);
  tas::write_file_atomically(
      world.path("bots.json"),
      json{{"bots", {{{"token", token}, {"username", kBotName}, {"first_name", "Live loopback"}}}}}
          .dump(),
      fs::perms(0600), tas::Durability::crash_safe);
  tas::write_file_atomically(world.path("chats.json"),
                             json{{"users", {{{"id", kUserId}, {"first_name", "Live operator"}}}},
                                  {"chats",
                                   {{{"id", kChatId},
                                     {"type", "supergroup"},
                                     {"title", "live loopback"},
                                     {"is_forum", true},
                                     {"topics", {kTopicId}},
                                     {"bots", {kBotName}}}}}}
                                 .dump(),
                             fs::perms(0600), tas::Durability::crash_safe);
  const std::string telegram = world.serve(
      "fake-telegram", {program("fake-telegram", TAS_FAKE_TELEGRAM), "--bots-file",
                        world.path("bots.json"), "--chats-file", world.path("chats.json")});

  // The stand-in for the judge's LLM provider: it wants a key, and lets every step proceed.
  tas::write_file_atomically(world.path("judge.key"), tas::fake::random_bot_token(1).substr(2),
                             fs::perms(0600), tas::Durability::crash_safe);
  const std::string llm = world.serve(
      "fake-llm", {program("fake-llm", TAS_FAKE_LLM), "--api-key-file", world.path("judge.key")});

  // The token into Secret Drop from stdin, the way CI hands one over.
  const std::string drop_id =
      world.run("secret-put",
                {program("test-as-self", TAS_CLI), "secret", "--secret-store",
                 world.path("secret-drop"), "put", "--label", "live loopback bot"},
                token);

  const json config = {
      {"schema", "test-as-self/live@1"},
      {"telegram_api", telegram},
      {"bot_token", {{"drop_id", drop_id}, {"store", world.path("secret-drop").string()}}},
      {"user_driver",
       {{"url", telegram},
        {"user_id", kUserId},
        {"chat_id", kChatId},
        {"topic_id", kTopicId},
        {"bot_username", kBotName}}},
      {"judge",
       {{"mode", "veto"},
        {"endpoint", llm + "/v1/messages"},
        {"model", "fake-judge-1"},
        {"api_key_file", world.path("judge.key").string()}}}};
  tas::write_file_atomically(world.path("live.json"), config.dump(2), fs::perms(0600),
                             tas::Durability::crash_safe);
  std::cerr << fmt::format(
      "tas-live-loopback: the live tier → fake Telegram at {}, the bot token in Secret Drop {}, an "
      "LLM judge (veto) at {} ({})\n",
      telegram, drop_id, llm, world.path("live.json").string());

  return run_command(command, "TAS_LIVE_CONFIG=" + world.path("live.json").string());
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
