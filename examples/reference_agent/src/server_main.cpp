// reference-agent-server: the agent's HTTP server. Answers /health, takes the updates the lifeline
// forwards, replies through the Bot API, and polls Telegram itself only when no lifeline owns the
// poll slot (docs/agent-contract.md, 'One poller per token').

#include <cstdio>
#include <optional>
#include <stop_token>
#include <thread>

#include "agent_error.hpp"
#include "config.hpp"
#include "http_post.hpp"
#include "log.hpp"
#include "native_stamp.hpp"
#include "poll_loop.hpp"
#include "signals.hpp"
#include "start_faults.hpp"
#include "stop_faults.hpp"
#include "telegram_client.hpp"
#include "telegram_mode.hpp"
#include "timings.hpp"
#include "token_file.hpp"
#include "update_handler.hpp"
#include "version.hpp"
#include <CLI/CLI.hpp>
#include <httplib.h>

#include <tas/core/lease.hpp>
#include <tas/core/sha256.hpp>

namespace tas::reference_agent {
namespace {

struct ServerOptions {
  std::filesystem::path config;
  int port = 0;
  bool no_telegram_poll = false;
};

constexpr const char* kJson = "application/json";

TelegramMode choose_mode(const Config& config, const std::string& token, bool no_poll_flag,
                         Logger& log) {
  TelegramModeInputs inputs;
  inputs.has_token = !token.empty();
  inputs.no_poll_flag = no_poll_flag;
  inputs.no_demotion = config.faults.no_demotion;
  if (inputs.has_token && !no_poll_flag) {
    const std::string token_hash = tas::sha256_hex(token);
    if (config.faults.no_demotion) {
      log.info("noDemotion fault: not checking the poll-ownership lease");
    } else {
      inputs.lease_owned =
          tas::lease::lifeline_owns_poll(config.state_dir, token_hash, tas::lease::now_ms());
      if (!inputs.lease_owned) {
        // Only for the log: why the lease did not count.
        const auto verdict =
            tas::lease::read_and_decide(config.state_dir, token_hash, tas::lease::now_ms());
        log.info("poll-ownership lease {}: {}", tas::lease::path_in(config.state_dir).string(),
                 tas::lease::to_string(verdict.decision));
      }
    }
  }
  const TelegramMode mode = decide_telegram_mode(inputs);
  log.info(mode_line(mode));
  return mode;
}

void add_routes(httplib::Server& http, const Config& config, UpdateHandler& handler) {
  http.Get("/health", [&config](const httplib::Request&, httplib::Response& response) {
    record_timing_once("health_answered");
    if (config.faults.never_healthy) {
      response.status = 503;
      response.set_content(R"({"ok":false,"error":"neverHealthy fault"})", kJson);
      return;
    }
    response.set_content(R"({"ok":true})", kJson);
  });
  http.Post("/telegram/update", [&handler](const httplib::Request& request,
                                           httplib::Response& response) {
    record_timing("update_received");
    const auto update = nlohmann::json::parse(request.body, nullptr, /*allow_exceptions=*/false);
    if (update.is_discarded() || !update.is_object()) {
      response.status = 400;
      response.set_content(
          R"({"ok":false,"description":"expected one Telegram Update as a JSON object"})", kJson);
      return;
    }
    handler.handle(update);
    response.set_content(R"({"ok":true})", kJson);
  });
}

int run_server(const ServerOptions& options, std::int64_t started_us) {
  // First: a SIGTERM that arrives while starting up waits for the orderly shutdown path.
  block_termination_signals();
  Config config = load_config(options.config);
  if (options.port != 0) config.port = options.port;
  if (config.port == 0) {
    throw AgentError(exit_code::kConfig,
                     "no port: the config has no \"port\" and --port was not given. Pass "
                     "--port <port> or add \"port\" to the config.");
  }
  const std::string token =
      config.telegram_enabled() ? read_token_file(config.token_file) : std::string();

  start_timings(config.timings_file, "server", started_us, {{"port", config.port}});

  Logger log("server", config.log_dir / fmt::format("server-{}.log", config.port));
  if (!token.empty()) log.add_secret(token);
  log.info("reference-agent-server {} starting (port {}, config {})", kVersion, config.port,
           options.config.string());
  try {
    check_native_stamp(config.native_dir);
  } catch (const AgentError& error) {
    log.info(error.what());
    throw;
  }
  const std::jthread crash_timer = apply_start_faults(Process::server, config.faults, log);

  const CurlGlobal curl;
  std::stop_source stop;
  std::optional<TelegramClient> telegram;
  if (!token.empty()) telegram.emplace(config.telegram_api, token, stop.get_token());
  UpdateHandler handler(telegram ? &*telegram : nullptr, config.faults, log);

  httplib::Server http;
  add_routes(http, config, handler);
  if (!http.bind_to_port(config.bind, config.port)) {
    throw AgentError(exit_code::kFailure,
                     fmt::format("cannot listen on {}:{}: the port is taken or the address is "
                                 "not this machine's. Free the port or pass another --port.",
                                 config.bind, config.port));
  }
  // Bound and listening: from here a health check is queued and answered.
  record_timing("listening");
  const TelegramMode mode = choose_mode(config, token, options.no_telegram_poll, log);
  record_timing("mode_logged", {{"mode", mode_line(mode)}});
  std::jthread listener([&http] { http.listen_after_bind(); });
  log.info("listening on http://{}:{}", config.bind, config.port);

  std::jthread poller;
  if (mode == TelegramMode::polling) {
    poller = std::jthread([&] {
      run_poll_loop(*telegram, config.poll_timeout_s, stop.get_token(), log,
                    PollHooks{{}, [&handler](const nlohmann::json& update) {
                                handler.handle(update);
                                return true;
                              }});
    });
  }

  const int signal_number =
      wait_for_termination(log, config.faults.ignores_sigterm(Process::server));
  record_timing("signal", {{"signal", signal_number}});
  apply_stop_faults(Process::server, config.faults, signal_number, log);
  stop.request_stop();
  http.stop();
  listener.join();
  if (poller.joinable()) poller.join();
  log.info("stopped");
  record_timing("exit");
  return exit_code::kOk;
}

}  // namespace
}  // namespace tas::reference_agent

int main(int argc, char** argv) {
  using namespace tas::reference_agent;
  const std::int64_t started_us = realtime_us();
  CLI::App app("reference-agent-server: the reference agent's HTTP server",
               "reference-agent-server");
  ServerOptions options;
  app.set_version_flag("--version", "reference-agent-server " + std::string(kVersion));
  app.add_option("--config", options.config, "the agent's JSON config file")->required();
  app.add_option("--port", options.port, "listen on this port instead of the config's \"port\"")
      ->check(CLI::Range(1, 65535));
  app.add_flag("--no-telegram-poll", options.no_telegram_poll,
               "never poll Telegram (send-only): a lifeline owns the poll slot");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error) == 0 ? exit_code::kOk : exit_code::kConfig;
  }
  try {
    return run_server(options, started_us);
  } catch (const AgentError& error) {
    std::fprintf(stderr, "%s\n", error.what());
    return error.exit_code();
  } catch (const std::exception& error) {
    std::fprintf(stderr, "reference-agent-server: %s\n", error.what());
    return exit_code::kFailure;
  }
}
