// reference-agent-lifeline: the one process that long-polls Telegram for the bot token. It writes
// the poll-ownership lease after every successful getUpdates and forwards each update to the
// server, confirming an update's offset only once the server took it.

#include <cstdio>
#include <stop_token>
#include <thread>

#include "agent_error.hpp"
#include "config.hpp"
#include "forwarder.hpp"
#include "http_post.hpp"
#include "lease_writer.hpp"
#include "log.hpp"
#include "poll_loop.hpp"
#include "signals.hpp"
#include "start_faults.hpp"
#include "stop_faults.hpp"
#include "stop_wait.hpp"
#include "telegram_client.hpp"
#include "timings.hpp"
#include "token_file.hpp"
#include "version.hpp"
#include <CLI/CLI.hpp>

namespace tas::reference_agent {
namespace {

int run_lifeline(const std::filesystem::path& config_file, std::int64_t started_us) {
  // First: a SIGTERM that arrives while starting up waits for the orderly shutdown path.
  block_termination_signals();
  const Config config = load_config(config_file);
  if (config.telegram_enabled() && config.port == 0) {
    throw AgentError(exit_code::kConfig,
                     fmt::format("config {}: \"port\" must be the server's port (1-65535), found "
                                 "nothing. The lifeline forwards updates to that port.",
                                 config_file.string()));
  }
  const std::string token =
      config.telegram_enabled() ? read_token_file(config.token_file) : std::string();

  start_timings(config.timings_file, "lifeline", started_us);

  Logger log("lifeline", config.log_dir / "lifeline.log");
  if (!token.empty()) log.add_secret(token);
  log.info("reference-agent-lifeline {} starting (server port {}, config {})", kVersion,
           config.port, config_file.string());
  if (token.empty()) {
    log.info("Telegram disabled (no token file): nothing to poll; the lifeline exits");
    return exit_code::kOk;
  }
  const std::jthread crash_timer = apply_start_faults(Process::lifeline, config.faults, log);

  const CurlGlobal curl;
  std::stop_source stop;
  const TelegramClient telegram(config.telegram_api, token, stop.get_token());
  LeaseWriter lease(config.state_dir, token, config.faults, log);
  Forwarder forwarder("127.0.0.1", config.port, stop.get_token(), log);
  log.info(
      "polling Telegram (getUpdates, long-poll timeout {} s); forwarding to the server on "
      "port {}",
      config.poll_timeout_s, config.port);

  std::jthread poller([&] {
    run_poll_loop(telegram, config.poll_timeout_s, stop.get_token(), log,
                  PollHooks{[&lease] { lease.heartbeat(); },
                            [&forwarder](const nlohmann::json& update) {
                              record_timing("update_received");
                              return forwarder.deliver(update);
                            }});
  });

  // The duplicatePollWhen fault: once its trigger file exists, a second loop on the same token,
  // as a double start would run.
  std::jthread duplicate;
  if (const auto trigger = config.faults.duplicate_poll_when) {
    duplicate = std::jthread([&, trigger = *trigger] {
      std::error_code ignored;
      while (!std::filesystem::exists(trigger, ignored)) {
        if (wait_for_stop(stop.get_token(), std::chrono::milliseconds(50))) return;
      }
      log.info(
          "duplicatePollWhen fault: {} exists; starting a second getUpdates loop on the same token",
          trigger.string());
      run_poll_loop(telegram, config.poll_timeout_s, stop.get_token(), log,
                    PollHooks{[] {},
                              [&forwarder](const nlohmann::json& update) {
                                return forwarder.deliver(update);
                              }});
    });
  }

  const int signal_number =
      wait_for_termination(log, config.faults.ignores_sigterm(Process::lifeline));
  record_timing("signal", {{"signal", signal_number}});
  apply_stop_faults(Process::lifeline, config.faults, signal_number, log);
  stop.request_stop();
  if (duplicate.joinable()) duplicate.join();
  poller.join();
  log.info("stopped");
  record_timing("exit");
  return exit_code::kOk;
}

}  // namespace
}  // namespace tas::reference_agent

int main(int argc, char** argv) {
  using namespace tas::reference_agent;
  const std::int64_t started_us = realtime_us();
  CLI::App app("reference-agent-lifeline: polls Telegram and forwards updates to the server",
               "reference-agent-lifeline");
  std::filesystem::path config;
  app.set_version_flag("--version", "reference-agent-lifeline " + std::string(kVersion));
  app.add_option("--config", config, "the agent's JSON config file")->required();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error) == 0 ? exit_code::kOk : exit_code::kConfig;
  }
  try {
    return run_lifeline(config, started_us);
  } catch (const AgentError& error) {
    std::fprintf(stderr, "%s\n", error.what());
    return error.exit_code();
  } catch (const std::exception& error) {
    std::fprintf(stderr, "reference-agent-lifeline: %s\n", error.what());
    return exit_code::kFailure;
  }
}
