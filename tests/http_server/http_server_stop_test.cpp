// Stopping: nothing parked is lost, nothing idle holds the stop up, nothing is left listening,
// and no socket of the server's leaks into a child process.

#include <future>
#include <string>

#include "http_server_fixture.hpp"
#include "loopback.hpp"
#include "raw_http.hpp"
#include <httplib.h>
#include <spawn.h>
#include <sys/wait.h>

extern char** environ;

namespace tas::http_server {
namespace {

using namespace std::chrono_literals;

using HttpServerStopTest = HttpServerTest;

TEST_F(HttpServerStopTest, WhatIsParkedIsAnsweredBeforeTheConnectionCloses) {
  start();
  auto socket = test::connect_to_loopback(port_);
  ASSERT_TRUE(socket);
  ASSERT_TRUE(test::send_all(socket.get(), "GET /long-poll HTTP/1.1\r\nHost: x\r\n\r\n"));
  const auto parked = next_parked();
  ASSERT_NE(parked, nullptr);
  server_->stop([&parked] { parked->respond(text(200, "answered while stopping")); });
  const auto response = test::read_response(socket.get());
  EXPECT_TRUE(response.starts_with("HTTP/1.1 200")) << response;
  EXPECT_NE(response.find("Connection: close"), std::string::npos) << response;
  EXPECT_TRUE(response.ends_with("answered while stopping")) << response;
  EXPECT_TRUE(test::sees_end_of_file(socket.get()));
  parked->respond(text(200, "a second answer after the end is dropped"));
}

TEST_F(HttpServerStopTest, AnIdleKeptAliveConnectionDoesNotHoldTheStopUp) {
  answer_ = [](const std::shared_ptr<PendingResponse>& pending) {
    pending->respond(text(200, "ok"));
  };
  // An idle connection may wait ten minutes for its next request; stopping must not.
  start({.idle_timeout = 10min});
  auto idle = test::connect_to_loopback(port_);
  ASSERT_TRUE(idle);
  ASSERT_TRUE(test::send_all(idle.get(), "GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
  ASSERT_FALSE(test::read_response(idle.get()).empty());
  auto preconnect = test::connect_to_loopback(port_);  // connected, sent nothing
  ASSERT_TRUE(preconnect);

  auto stopped = std::async(std::launch::async, [this] { server_->stop(); });
  ASSERT_EQ(stopped.wait_for(30s), std::future_status::ready) << "stop waited for idle clients";
  EXPECT_TRUE(test::sees_end_of_file(idle.get()));
  EXPECT_TRUE(test::sees_end_of_file(preconnect.get()));
  EXPECT_FALSE(test::connect_to_loopback(port_)) << "the stopped server still accepts";
}

TEST_F(HttpServerStopTest, ARequestLeftUnansweredIsClosedAfterTheGrace) {
  start();
  auto socket = test::connect_to_loopback(port_);
  ASSERT_TRUE(socket);
  ASSERT_TRUE(test::send_all(socket.get(), "GET /never HTTP/1.1\r\nHost: x\r\n\r\n"));
  const auto parked = next_parked();
  ASSERT_NE(parked, nullptr);
  auto stopped = std::async(std::launch::async, [this] { server_->stop(); });  // no before_closing
  ASSERT_EQ(stopped.wait_for(30s), std::future_status::ready) << "stop hung on a parked request";
  EXPECT_TRUE(test::sees_end_of_file(socket.get()));
}

TEST_F(HttpServerStopTest, AChildProcessInheritsNoSocketOfTheServers) {
  start();
  auto socket = test::connect_to_loopback(port_);  // the test's own socket is close-on-exec
  ASSERT_TRUE(socket);
  ASSERT_TRUE(test::send_all(socket.get(), "GET /held HTTP/1.1\r\nHost: x\r\n\r\n"));
  const auto parked = next_parked();  // the server now holds a listening and an accepted socket
  ASSERT_NE(parked, nullptr);

  // posix_spawn keeps every descriptor that is not close-on-exec, as a harness's child would.
  int pipe_fds[2];
  ASSERT_EQ(::pipe2(pipe_fds, O_CLOEXEC), 0);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 1);
  const char* argv[] = {"/bin/sh", "-c", "for f in /proc/$$/fd/*; do readlink \"$f\"; done",
                        nullptr};
  pid_t child = 0;
  ASSERT_EQ(::posix_spawn(&child, "/bin/sh", &actions, nullptr, const_cast<char**>(argv), environ),
            0);
  posix_spawn_file_actions_destroy(&actions);
  ::close(pipe_fds[1]);
  std::string listing;
  char buffer[4096];
  for (ssize_t got; (got = ::read(pipe_fds[0], buffer, sizeof(buffer))) > 0;)
    listing.append(buffer, static_cast<std::size_t>(got));
  ::close(pipe_fds[0]);
  int status = 0;
  ::waitpid(child, &status, 0);
  EXPECT_EQ(listing.find("socket:"), std::string::npos) << "the child inherited a socket:\n"
                                                        << listing;
  EXPECT_NE(listing.find("pipe:"), std::string::npos) << "the listing did not run:\n" << listing;
  parked->respond(text(200, "done"));
}

}  // namespace
}  // namespace tas::http_server
