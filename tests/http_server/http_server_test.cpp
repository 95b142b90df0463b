// The server as its clients see it: answers now or later, keep-alive, timeouts on parked
// requests, a client that hangs up, and requests it refuses.

#include <atomic>
#include <filesystem>
#include <future>
#include <iterator>
#include <string>
#include <thread>

#include "http_server_fixture.hpp"
#include "loopback.hpp"
#include "processes.hpp"
#include "raw_http.hpp"
#include <httplib.h>
#include <sys/resource.h>

namespace tas::http_server {
namespace {

using namespace std::chrono_literals;

// The thread stacks this process has mapped: a thread that ended but was never joined keeps its
// stack, though the kernel no longer lists it as a task. A stack is an anonymous read-write
// mapping of exactly the stack size (RLIMIT_STACK, glibc's default for new threads).
std::size_t thread_stacks() {
  rlimit stack{};
  ::getrlimit(RLIMIT_STACK, &stack);
  std::ifstream maps("/proc/self/maps");
  std::size_t count = 0;
  for (std::string line; std::getline(maps, line);) {
    std::istringstream fields(line);
    std::string range, permissions, offset, device, inode, path;
    fields >> range >> permissions >> offset >> device >> inode >> path;
    const auto dash = range.find('-');
    const auto size = std::stoull(range.substr(dash + 1), nullptr, 16) -
                      std::stoull(range.substr(0, dash), nullptr, 16);
    if (permissions == "rw-p" && inode == "0" && path.empty() && size == stack.rlim_cur) ++count;
  }
  return count;
}

TEST_F(HttpServerTest, AnswersOnAKeptAliveConnectionAndSaysWhoAsked) {
  std::vector<int> client_ports;
  answer_ = [&client_ports](const std::shared_ptr<PendingResponse>& pending) {
    const auto& request = pending->request();
    client_ports.push_back(request.remote_port);
    pending->respond(text(
        200, request.method + " " + request.path + " ? " + request.query + " " + request.body));
  };
  start();
  httplib::Client client("127.0.0.1", port_);
  client.set_keep_alive(true);
  const auto first = client.Get("/a/b?x=1&y=%20");
  const auto second = client.Post("/c", "payload", "text/plain");
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->status, 200);
  EXPECT_EQ(first->body, "GET /a/b ? x=1&y=%20 ");
  EXPECT_EQ(second->body, "POST /c ?  payload");
  EXPECT_EQ(first->get_header_value("Content-Type"), "text/plain");
  ASSERT_EQ(client_ports.size(), 2U);
  EXPECT_EQ(client_ports[0], client_ports[1]) << "the second request came on a new connection";
}

TEST_F(HttpServerTest, AParkedRequestIsAnsweredLaterFromAnotherThreadWhileOthersAreServed) {
  start();
  auto parked_call = std::async(std::launch::async, [this] {
    httplib::Client client("127.0.0.1", port_);
    return client.Get("/parked");
  });
  const auto parked = next_parked();
  ASSERT_NE(parked, nullptr);
  EXPECT_EQ(parked->request().path, "/parked");

  // The server's thread is free: a second client is answered while the first is parked.
  auto second_call = std::async(std::launch::async, [this] {
    httplib::Client client("127.0.0.1", port_);
    return client.Get("/second");
  });
  const auto second = next_parked();
  ASSERT_NE(second, nullptr);
  second->respond(text(200, "second"));
  const auto second_result = second_call.get();
  ASSERT_TRUE(second_result);
  EXPECT_EQ(second_result->body, "second");

  std::thread([parked] { parked->respond(text(201, "later")); }).join();
  parked->respond(text(500, "a second answer is ignored"));
  const auto parked_result = parked_call.get();
  ASSERT_TRUE(parked_result);
  EXPECT_EQ(parked_result->status, 201);
  EXPECT_EQ(parked_result->body, "later");
}

TEST_F(HttpServerTest, ARequestNotAnsweredInTimeGetsItsTimeoutCallback) {
  std::atomic<int> timeouts = 0;
  answer_ = [&timeouts](const std::shared_ptr<PendingResponse>& pending) {
    if (pending->request().path == "/answered-first") {
      pending->respond(text(200, "at once"));
    }
    pending->on_no_response_within(20ms, [&timeouts, pending] {
      ++timeouts;
      pending->respond(text(204, ""));
    });
  };
  start();
  httplib::Client client("127.0.0.1", port_);
  client.set_keep_alive(true);
  const auto answered = client.Get("/answered-first");
  // Armed later with the same delay, so it fires after the first one would have.
  const auto timed_out = client.Get("/times-out");
  ASSERT_TRUE(answered && timed_out);
  EXPECT_EQ(answered->status, 200);
  EXPECT_EQ(timed_out->status, 204);
  EXPECT_EQ(timeouts, 1) << "the callback of an answered request ran";
}

TEST_F(HttpServerTest, AClientThatHangsUpWhileParkedIsSeen) {
  start();
  auto socket = test::connect_to_loopback(port_);
  ASSERT_TRUE(socket);
  ASSERT_TRUE(test::send_all(socket.get(), "GET /wait HTTP/1.1\r\nHost: x\r\n\r\n"));
  const auto parked = next_parked();
  ASSERT_NE(parked, nullptr);
  EXPECT_FALSE(parked->peer_hung_up());
  socket.reset();
  EXPECT_TRUE(test::eventually([&parked] { return parked->peer_hung_up(); }, 10s));
  parked->respond(text(200, "to no one"));  // dropped, not a crash
}

TEST_F(HttpServerTest, AnExpectContinueClientGetsItsInterimResponseBeforeSendingTheBody) {
  answer_ = [](const std::shared_ptr<PendingResponse>& pending) {
    pending->respond(text(200, pending->request().body));
  };
  start();
  auto socket = test::connect_to_loopback(port_);
  ASSERT_TRUE(socket);
  ASSERT_TRUE(test::send_all(socket.get(),
                             "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                             "Expect: 100-continue\r\n\r\n"));
  EXPECT_EQ(test::read_response(socket.get()), "HTTP/1.1 100 Continue\r\n\r\n");
  ASSERT_TRUE(test::send_all(socket.get(), "hello"));
  const auto response = test::read_response(socket.get());
  EXPECT_TRUE(response.starts_with("HTTP/1.1 200")) << response;
  EXPECT_TRUE(response.ends_with("\r\n\r\nhello")) << response;
}

TEST_F(HttpServerTest, AMalformedRequestIsAnswered400AndClosed) {
  start();
  auto socket = test::connect_to_loopback(port_);
  ASSERT_TRUE(socket);
  ASSERT_TRUE(test::send_all(socket.get(), "NOT HTTP AT ALL\r\n\r\n"));
  const auto response = test::read_response(socket.get());
  EXPECT_TRUE(response.starts_with("HTTP/1.1 400")) << response;
  EXPECT_NE(response.find("malformed HTTP request"), std::string::npos) << response;
  EXPECT_TRUE(test::sees_end_of_file(socket.get()));
}

TEST_F(HttpServerTest, ABodyOverTheLimitIsAnswered413) {
  start({.max_body_bytes = 16});
  httplib::Client client("127.0.0.1", port_);
  const auto result = client.Post("/big", std::string(100, 'x'), "text/plain");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 413);
  EXPECT_NE(result->body.find("larger than this server takes"), std::string::npos);
}

TEST_F(HttpServerTest, AChunkedBodyIsAnswered411BeforeItIsSentWhenALengthIsRequired) {
  start({.require_content_length = true});
  auto socket = test::connect_to_loopback(port_);
  ASSERT_TRUE(socket);
  // The headers alone: the answer must not wait for the body.
  ASSERT_TRUE(test::send_all(
      socket.get(), "POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"));
  const auto response = test::read_response(socket.get());
  EXPECT_TRUE(response.starts_with("HTTP/1.1 411")) << response;
  EXPECT_TRUE(test::sees_end_of_file(socket.get()));
}

TEST_F(HttpServerTest, HeadersOnEveryResponseAreOnTheServersOwnRefusalsToo) {
  answer_ = [](const std::shared_ptr<PendingResponse>& pending) {
    auto response = text(200, "ok");
    response.headers.push_back({"X-Frame-Options", "SAMEORIGIN"});
    pending->respond(std::move(response));
  };
  start(
      {.max_body_bytes = 16,
       .headers_on_every_response = {{"Cache-Control", "no-store"}, {"X-Frame-Options", "DENY"}}});
  httplib::Client client("127.0.0.1", port_);
  const auto answered = client.Get("/");
  const auto refused = client.Post("/big", std::string(100, 'x'), "text/plain");
  ASSERT_TRUE(answered && refused);
  EXPECT_EQ(answered->get_header_value("Cache-Control"), "no-store");
  EXPECT_EQ(answered->get_header_value("X-Frame-Options"), "SAMEORIGIN") << "the handler's wins";
  EXPECT_EQ(answered->get_header_value_count("X-Frame-Options"), 1U);
  EXPECT_EQ(refused->status, 413);
  EXPECT_EQ(refused->get_header_value("Cache-Control"), "no-store");
  EXPECT_EQ(refused->get_header_value("X-Frame-Options"), "DENY");
}

TEST_F(HttpServerTest, ARequestDroppedUnansweredIsAnswered500) {
  answer_ = [](const std::shared_ptr<PendingResponse>&) {};  // keeps nothing, answers nothing
  start();
  httplib::Client client("127.0.0.1", port_);
  const auto result = client.Get("/forgotten");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 500);
  EXPECT_NE(result->body.find("without answering"), std::string::npos);
}

TEST_F(HttpServerTest, AHandlerThatThrowsIsAnswered500WithWhy) {
  answer_ = [](const std::shared_ptr<PendingResponse>&) {
    throw std::runtime_error("the handler broke");
  };
  start();
  httplib::Client client("127.0.0.1", port_);
  const auto result = client.Get("/throws");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 500);
  EXPECT_EQ(result->body, "the handler broke\n");
}

TEST_F(HttpServerTest, OneRequestPerConnectionClosesAfterTheResponse) {
  answer_ = [](const std::shared_ptr<PendingResponse>& pending) {
    pending->respond(text(200, "once"));
  };
  start({.one_request_per_connection = true});
  auto socket = test::connect_to_loopback(port_);
  ASSERT_TRUE(socket);
  ASSERT_TRUE(test::send_all(socket.get(), "GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
  const auto response = test::read_response(socket.get());
  EXPECT_NE(response.find("Connection: close"), std::string::npos) << response;
  EXPECT_TRUE(test::sees_end_of_file(socket.get()));
}

TEST_F(HttpServerTest, BlockingWorkRunsOffTheServersThread) {
  std::promise<void> release;
  auto released = release.get_future().share();
  answer_ = [this, released](const std::shared_ptr<PendingResponse>& pending) {
    if (pending->request().path == "/blocks") {
      server_->run_blocking([pending, released] {
        released.wait();
        pending->respond(text(200, "unblocked"));
      });
      return;
    }
    pending->respond(text(200, "quick"));
  };
  start();
  auto blocked = std::async(std::launch::async, [this] {
    httplib::Client client("127.0.0.1", port_);
    return client.Get("/blocks");
  });
  httplib::Client client("127.0.0.1", port_);
  const auto quick = client.Get("/quick");
  ASSERT_TRUE(quick);
  EXPECT_EQ(quick->body, "quick");
  release.set_value();
  const auto unblocked = blocked.get();
  ASSERT_TRUE(unblocked);
  EXPECT_EQ(unblocked->body, "unblocked");
}

TEST_F(HttpServerTest, FinishedBlockingWorkLeavesNoThreadBehind) {
  answer_ = [this](const std::shared_ptr<PendingResponse>& pending) {
    server_->run_blocking([pending] { pending->respond(text(200, "done")); });
  };
  start();
  const auto stacks_before = thread_stacks();
  httplib::Client client("127.0.0.1", port_);
  client.set_keep_alive(true);
  for (int call = 0; call < 100; ++call) {
    const auto result = client.Get("/blocking");
    ASSERT_TRUE(result && result->status == 200) << "call " << call;
  }
  // One call at a time: at most the last few stacks may still be mapped, not a hundred.
  EXPECT_LE(thread_stacks(), stacks_before + 3);
}

}  // namespace
}  // namespace tas::http_server
