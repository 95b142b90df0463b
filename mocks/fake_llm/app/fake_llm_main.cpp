// fake-llm: the fake LLM endpoint as a process of its own (docs/judge.md, "The fake LLM"), for a
// harness run that cannot embed it. Its key comes from --api-key-file, never from argv or env.

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <tas/core/atomic_file.hpp>
#include <tas/core/untrusted_file.hpp>
#include <tas/fake/fake_llm_server.hpp>

namespace {

// The script and the key file through the harness's reader of user-named files: a FIFO or a
// device given by mistake is refused instead of blocking the fake forever.
std::string read_file(const std::string& path, std::string_view what) {
  tas::UntrustedRead read = tas::read_untrusted_file(path, what, tas::kMaxConfigFileBytes);
  if (!read.ok()) throw std::runtime_error(read.problem);
  return std::move(read.content);
}

std::string trimmed(std::string text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

int serve(const tas::fake::FakeLlmOptions& options, const std::string& port_file,
          const std::string& script_file) {
  // Block the stop signals before any thread exists, so every thread inherits the mask and only
  // sigwait() below receives them: no handler, no global flag.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  ::signal(SIGPIPE, SIG_IGN);  // a client that hangs up mid-answer must not end the server

  tas::fake::FakeLlmServer server(options);
  if (!script_file.empty()) {
    server.load_script(nlohmann::json::parse(read_file(script_file, "--script")));
  }
  server.start();
  // Atomically: whoever waits for the file never reads half a port.
  if (!port_file.empty()) {
    tas::write_file_atomically(port_file, fmt::format("{}\n", server.port()),
                               std::filesystem::perms(0644), tas::Durability::crash_safe);
  }
  std::cout << "fake-llm listening on " << server.base_url() << std::endl;

  int received = 0;
  sigwait(&stop_signals, &received);
  server.stop();
  std::cout << "fake-llm stopped after " << server.calls() << " request(s)" << std::endl;
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "A fake LLM endpoint on loopback for the test-as-self judge: Anthropic\n"
      "POST /v1/messages and OpenAI POST /v1/chat/completions, with scripted verdicts per step.\n"
      "Stops and exits 0 on SIGTERM or SIGINT."};
  int port = 0;
  std::string port_file;
  std::string key_file;
  std::string script_file;
  std::string model = "fake-judge-1";
  app.add_option("--port", port, "TCP port on 127.0.0.1 (0: any free port)")
      ->check(CLI::Range(0, 65535));
  app.add_option("--port-file", port_file, "write the port chosen here (atomically)");
  app.add_option("--api-key-file", key_file,
                 "the key clients must present (default: any non-empty key)")
      ->check(CLI::ExistingFile);
  app.add_option("--script", script_file,
                 "JSON {\"<step name>\" | \"default\": {\"proceed\", \"reason\"} | {\"raw\"} | "
                 "{\"proceed\", \"no_reason\": true} | {\"status\", \"message\"}, each with an "
                 "optional \"delay_ms\"}")
      ->check(CLI::ExistingFile);
  app.add_option("--model", model, "the model name every answer carries");
  CLI11_PARSE(app, argc, argv);

  try {
    tas::fake::FakeLlmOptions options;
    options.port = port;
    options.model = model;
    if (!key_file.empty()) {
      options.api_key = trimmed(read_file(key_file, "--api-key-file"));
      if (options.api_key.empty()) throw std::runtime_error("--api-key-file: the file is empty");
    }
    return serve(options, port_file, script_file);
  } catch (const std::exception& error) {
    std::cerr << "fake-llm: " << error.what() << '\n';
    return 1;
  }
}
