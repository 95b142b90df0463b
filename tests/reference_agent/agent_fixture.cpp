#include "agent_fixture.hpp"

#include <cstdlib>

#include "files.hpp"
#include "loopback.hpp"
#include "processes.hpp"
#include <httplib.h>
#include <signal.h>

#include <tas/core/sha256.hpp>

namespace tas::reference_agent {
namespace {

// How a wait on a condition ended while a child ran: the condition held, the child ended first
// (its status), or neither before the deadline.
struct WaitEnd {
  bool ready = false;
  std::optional<ExitStatus> ended;
};

// Looks at `ready` until it holds, `child` ends, or `timeout` passes — on tests/support's
// deadline-bound wait, so a dead child fails the wait at once rather than at the deadline.
WaitEnd wait_while_alive(test::ChildProcess& child, std::chrono::milliseconds timeout,
                         const std::function<bool()>& ready) {
  WaitEnd end;
  tas::test::eventually(
      [&] {
        if (ready()) {
          end.ready = true;
          return true;
        }
        end.ended = child.poll();
        // One last look: it may have happened just before the child ended.
        if (end.ended) end.ready = ready();
        return end.ended.has_value();
      },
      timeout);
  return end;
}

std::string tail(const std::string& text, std::size_t bytes = 2000) {
  return text.size() <= bytes ? text : "..." + text.substr(text.size() - bytes);
}

}  // namespace

void ReferenceAgentTest::SetUp() {
  test::become_child_subreaper();
  stub_ = std::make_unique<StubBotApi>(std::string(kCanaryToken));
  home_ = std::make_unique<AgentHome>();
  home_->write_token(kCanaryToken);
  port_ = test::free_loopback_port();
  config_ = home_->default_config(port_, stub_->base_url(), /*with_token=*/true);
  write_config();
  const ExitStatus rebuild =
      run({executable("reference-agent-rebuild").string(), "--home", home_->dir().string()});
  ASSERT_TRUE(test::exited_with(rebuild, 0)) << "the rebuild " << rebuild.describe();
}

void ReferenceAgentTest::TearDown() {
  for (const auto& child : children_) {
    const pid_t group = child->process_group();
    EXPECT_TRUE(child->kill_group_and_reap())
        << "process group " << group << " of " << child->name() << " survived SIGKILL";
    EXPECT_FALSE(test::process_group_exists(group))
        << "a process of " << child->name() << "'s group " << group << " is still running";
  }
  children_.clear();
  stub_.reset();
  // Kept for forensics when the test failed (the home's own rule), or when asked to (to read what
  // the agent wrote).
  if (home_ && std::getenv("TAS_REFERENCE_AGENT_KEEP_HOMES") != nullptr) home_->keep();
  home_.reset();
}

void ReferenceAgentTest::write_config() const {
  home_->write_config(config_);
}

void ReferenceAgentTest::set_faults(const nlohmann::json& faults) {
  config_["faults"] = faults;
  write_config();
}

std::filesystem::path ReferenceAgentTest::executable(std::string_view name) {
  return std::filesystem::path(TAS_REFERENCE_AGENT_BIN) / name;
}

std::string ReferenceAgentTest::token_hash() const {
  return tas::sha256_hex(kCanaryToken);
}

test::ChildProcess& ReferenceAgentTest::start(std::vector<std::string> argv) {
  const std::string name = std::filesystem::path(argv.at(0)).filename().string() + "-" +
                           std::to_string(children_.size());
  test::ChildProcess::Options options;
  options.argv = std::move(argv);
  // What the harness gives an isolated agent: a home of its own and nothing of ours.
  options.environment =
      std::vector<std::string>{"PATH=/usr/local/bin:/usr/bin:/bin", "HOME=" + home_->dir().string(),
                               "TMPDIR=" + (home_->dir() / "tmp").string(), "LANG=C.UTF-8"};
  options.stdout_file = home_->captures_dir() / (name + ".stdout");
  options.stderr_file = home_->captures_dir() / (name + ".stderr");
  children_.push_back(std::make_unique<test::ChildProcess>(std::move(options)));
  return *children_.back();
}

test::ChildProcess& ReferenceAgentTest::start_server(std::vector<std::string> extra_args) {
  return start_server_on(port_, std::move(extra_args));
}

test::ChildProcess& ReferenceAgentTest::start_server_on(int port,
                                                        std::vector<std::string> extra_args) {
  std::vector<std::string> argv = {executable("reference-agent-server").string(), "--config",
                                   home_->config_file().string(), "--port", std::to_string(port)};
  argv.insert(argv.end(), extra_args.begin(), extra_args.end());
  return start(std::move(argv));
}

test::ChildProcess& ReferenceAgentTest::start_lifeline() {
  return start(
      {executable("reference-agent-lifeline").string(), "--config", home_->config_file().string()});
}

ExitStatus ReferenceAgentTest::run(std::vector<std::string> argv,
                                   std::chrono::milliseconds timeout) {
  test::ChildProcess& child = start(std::move(argv));
  const auto status = child.wait_for_exit(timeout);
  if (!status) {
    ADD_FAILURE() << child.name() << " did not end within " << timeout.count() << " ms";
    ExitStatus killed;  // what the fixture's TearDown will do to it
    killed.kind = ExitStatus::Kind::signaled;
    killed.signal = SIGKILL;
    return killed;
  }
  return *status;
}

std::string ReferenceAgentTest::describe_end(test::ChildProcess& child, const ExitStatus& status,
                                             const std::filesystem::path& log) const {
  return child.name() + " " + status.describe() + "\n--- stderr:\n" + tail(child.stderr_text()) +
         "\n--- log " + log.string() + ":\n" + tail(test::read_text(log));
}

::testing::AssertionResult ReferenceAgentTest::wait_for_log(test::ChildProcess& child,
                                                            const std::filesystem::path& file,
                                                            std::string_view needle,
                                                            std::chrono::milliseconds timeout) {
  const WaitEnd end = wait_while_alive(
      child, timeout, [&] { return test::read_text(file).find(needle) != std::string::npos; });
  if (end.ready) return ::testing::AssertionSuccess();
  if (end.ended) {
    return ::testing::AssertionFailure() << "waiting for \"" << needle << "\" in " << file.string()
                                         << ", but " << describe_end(child, *end.ended, file);
  }
  return ::testing::AssertionFailure()
         << "timed out after " << timeout.count() << " ms waiting for \"" << needle << "\" in "
         << file.string() << "; the log so far:\n"
         << tail(test::read_text(file));
}

::testing::AssertionResult ReferenceAgentTest::wait_for_server_log(test::ChildProcess& server,
                                                                   std::string_view needle) {
  return wait_for_log(server, home_->server_log(port_), needle);
}

::testing::AssertionResult ReferenceAgentTest::wait_for_lifeline_log(test::ChildProcess& lifeline,
                                                                     std::string_view needle) {
  return wait_for_log(lifeline, home_->lifeline_log(), needle);
}

::testing::AssertionResult ReferenceAgentTest::wait_for_health(test::ChildProcess& server,
                                                               int status,
                                                               std::optional<int> port) {
  const int target = port.value_or(port_);
  std::optional<int> last;
  const WaitEnd end = wait_while_alive(server, kWait, [&] {
    last = http_get_status(target, "/health");
    return last == status;
  });
  if (end.ready) return ::testing::AssertionSuccess();
  if (end.ended) {
    return ::testing::AssertionFailure()
           << "waiting for /health = " << status << " on port " << target << ", but "
           << describe_end(server, *end.ended, home_->server_log(target));
  }
  return ::testing::AssertionFailure()
         << "timed out waiting for GET http://127.0.0.1:" << target << "/health = " << status
         << "; last answer: " << (last ? std::to_string(*last) : "none");
}

::testing::AssertionResult ReferenceAgentTest::wait_for_lease(test::ChildProcess& lifeline,
                                                              tas::lease::Decision expected) {
  tas::lease::Decision decision = tas::lease::Decision::missing;
  const WaitEnd end = wait_while_alive(lifeline, kWait, [&] {
    decision = tas::lease::read_and_decide(home_->state_dir(), token_hash(), tas::lease::now_ms())
                   .decision;
    return decision == expected;
  });
  if (end.ready) return ::testing::AssertionSuccess();
  if (end.ended) {
    return ::testing::AssertionFailure()
           << "waiting for the lease to be " << tas::lease::to_string(expected) << ", but "
           << describe_end(lifeline, *end.ended, home_->lifeline_log());
  }
  return ::testing::AssertionFailure()
         << "timed out waiting for the lease in " << home_->state_dir().string() << " to be "
         << tas::lease::to_string(expected) << "; it is " << tas::lease::to_string(decision);
}

::testing::AssertionResult ReferenceAgentTest::wait_for_stub(test::ChildProcess& child,
                                                             const std::function<bool()>& ready,
                                                             std::string_view what) {
  const auto deadline = std::chrono::steady_clock::now() + kWait;
  for (;;) {
    // Short slices, so that a child that died is noticed at once and not after the deadline.
    if (stub_->wait_until(ready, 50ms)) return ::testing::AssertionSuccess();
    if (const auto end = child.poll()) {
      return ::testing::AssertionFailure()
             << "waiting for the stub Bot API to see " << what << ", but " << child.name() << " "
             << end->describe() << "\n--- stderr:\n"
             << tail(child.stderr_text());
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      return ::testing::AssertionFailure()
             << "timed out waiting for the stub Bot API to see " << what;
    }
  }
}

::testing::AssertionResult ReferenceAgentTest::wait_for_exit(test::ChildProcess& child,
                                                             ExitStatus& status,
                                                             std::chrono::milliseconds timeout) {
  const auto end = child.wait_for_exit(timeout);
  if (!end) {
    return ::testing::AssertionFailure()
           << child.name() << " still runs after " << timeout.count() << " ms";
  }
  status = *end;
  return ::testing::AssertionSuccess();
}

std::optional<int> ReferenceAgentTest::http_get_status(int port, const std::string& path) const {
  httplib::Client client("127.0.0.1", port);
  client.set_connection_timeout(1, 0);
  client.set_read_timeout(5, 0);
  const auto result = client.Get(path.c_str());
  if (!result) return std::nullopt;
  return result->status;
}

std::optional<int> ReferenceAgentTest::post_update(const nlohmann::json& update,
                                                   std::optional<int> port) const {
  httplib::Client client("127.0.0.1", port.value_or(port_));
  client.set_connection_timeout(1, 0);
  client.set_read_timeout(20, 0);
  const auto result = client.Post("/telegram/update", update.dump(), "application/json");
  if (!result) return std::nullopt;
  return result->status;
}

std::string ReferenceAgentTest::server_log(std::optional<int> port) const {
  return test::read_text(home_->server_log(port.value_or(port_)));
}

std::string ReferenceAgentTest::lifeline_log() const {
  return test::read_text(home_->lifeline_log());
}

nlohmann::json ReferenceAgentTest::user_message(std::int64_t message_id, std::string text,
                                                std::optional<std::int64_t> thread_id) {
  nlohmann::json message = {
      {"message_id", message_id},
      {"from", {{"id", 4242}, {"is_bot", false}, {"first_name", "Tester"}}},
      {"chat", {{"id", -1001234567890}, {"type", "supergroup"}, {"title", "Test"}}},
      {"date", 1700000000},
      {"text", std::move(text)}};
  if (thread_id) {
    message["message_thread_id"] = *thread_id;
    message["is_topic_message"] = true;
    message["chat"]["is_forum"] = true;
  }
  return message;
}

}  // namespace tas::reference_agent
