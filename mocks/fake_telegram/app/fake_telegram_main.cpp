// fake-telegram: the fake Telegram Bot API server as a process of its own, for agents and
// harnesses that cannot embed it. See docs/fake-telegram.md.

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <tas/core/atomic_file.hpp>
#include <tas/fake/fake_telegram_server.hpp>
#include <tas/fake/setup_files.hpp>

namespace {

int serve(int port, const std::string& port_file, const std::string& bots_file,
          const std::string& chats_file) {
  // Block the stop signals before any thread exists, so every thread inherits the mask and only
  // sigwait() below ever receives them: no handler, no global flag.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  // A client that hangs up mid-response must not kill the server.
  ::signal(SIGPIPE, SIG_IGN);

  tas::fake::FakeTelegramServer server(
      {.port = port, .on_stop_requested = [] { ::kill(::getpid(), SIGTERM); }});
  // The world is populated before the port is announced, so a client that reads the port finds
  // its bot already registered.
  if (!bots_file.empty()) tas::fake::load_bots_file(server, bots_file);
  if (!chats_file.empty()) tas::fake::load_chats_file(server, chats_file);
  server.start();
  // Atomically: whoever waits for the file never reads half a port.
  if (!port_file.empty()) {
    tas::write_file_atomically(port_file, fmt::format("{}\n", server.port()),
                               std::filesystem::perms(0644), tas::Durability::crash_safe);
  }
  std::cout << "fake-telegram listening on " << server.base_url() << std::endl;

  int received = 0;
  sigwait(&stop_signals, &received);
  server.stop();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "A fake Telegram Bot API server on loopback (test-as-self). Bot tokens come only\n"
      "from --bots-file or the control API, never from the command line or the environment."};
  int port = 0;
  std::string port_file;
  std::string bots_file;
  std::string chats_file;
  app.add_option("--port", port, "TCP port on 127.0.0.1 (0: any free port)")
      ->check(CLI::Range(0, 65535));
  app.add_option("--port-file", port_file, "write the port chosen here (atomically)");
  app.add_option("--bots-file", bots_file,
                 "JSON {\"bots\": [{\"token\", \"username\", \"first_name\"}]} to register")
      ->check(CLI::ExistingFile);
  app.add_option("--chats-file", chats_file, "JSON {\"users\": [...], \"chats\": [...]} to create")
      ->check(CLI::ExistingFile);
  CLI11_PARSE(app, argc, argv);

  try {
    return serve(port, port_file, bots_file, chats_file);
  } catch (const std::exception& error) {
    std::cerr << "fake-telegram: " << error.what() << '\n';
    return 1;
  }
}
