// The load generator's response reader, fed whole responses and the same responses cut into
// pieces of every small size, as reads of a socket may cut them.
#include "response_reader.hpp"

#include <string>
#include <string_view>

#include <gtest/gtest.h>

namespace tas::bench {
namespace {

using Step = ResponseReader::Step;

struct Outcome {
  Step step = Step::more;
  int status = 0;
  bool server_closes = false;
  std::size_t used = 0;
};

Outcome read_in_pieces(std::string_view text, std::size_t piece, bool server_closes_after) {
  ResponseReader reader;
  Outcome outcome;
  while (outcome.used < text.size() && outcome.step == Step::more) {
    std::size_t used = 0;
    outcome.step = reader.feed(text.substr(outcome.used, piece), used);
    outcome.used += used;
  }
  if (outcome.step == Step::more && server_closes_after) outcome.step = reader.at_close();
  outcome.status = reader.status();
  outcome.server_closes = reader.server_closes();
  return outcome;
}

void expect_whole(std::string_view text, int status, bool server_closes,
                  bool server_closes_after = false) {
  for (std::size_t piece : {1, 2, 3, 7, 4096}) {
    SCOPED_TRACE("pieces of " + std::to_string(piece));
    const Outcome outcome = read_in_pieces(text, piece, server_closes_after);
    EXPECT_EQ(outcome.step, Step::done);
    EXPECT_EQ(outcome.status, status);
    EXPECT_EQ(outcome.server_closes, server_closes);
    EXPECT_EQ(outcome.used, text.size());
  }
}

void expect_bad(std::string_view text, bool server_closes_after = false) {
  for (std::size_t piece : {1, 2, 3, 7, 4096}) {
    SCOPED_TRACE("pieces of " + std::to_string(piece));
    EXPECT_EQ(read_in_pieces(text, piece, server_closes_after).step, Step::bad);
  }
}

TEST(ResponseReader, BodyOfContentLength) {
  expect_whole("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: keep-alive\r\n\r\nhello", 200,
               false);
  expect_whole("HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n", 200, false);
}

TEST(ResponseReader, ConnectionCloseOrHttp10MeansTheServerCloses) {
  expect_whole("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: Close\r\n\r\nhi", 200, true);
  expect_whole("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nhi", 200, true);
  expect_whole("HTTP/1.0 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nhi", 200,
               false);
}

TEST(ResponseReader, ChunkedBodyWithExtensionsAndTrailers) {
  expect_whole(
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\nA;x=y\r\n0123456789\r\n"
      "0\r\n\r\n",
      200, false);
  // Chunked coding wins over a Content-Length sent beside it.
  expect_whole(
      "HTTP/1.1 404 Not Found\r\nTransfer-Encoding: gzip, Chunked\r\nContent-Length: 99\r\n\r\n"
      "1\r\nx\r\n0\r\nX-Trailer: 1\r\n\r\n",
      404, false);
}

TEST(ResponseReader, BodyUntilTheServerCloses) {
  expect_whole("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nsome body", 200, true, true);
}

TEST(ResponseReader, NoBodyAfterInterimOr204) {
  expect_whole("HTTP/1.1 204 No Content\r\n\r\n", 204, false);
  expect_whole("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx", 200,
               false);
}

TEST(ResponseReader, WhatIsNotAWholeResponseIsBad) {
  expect_bad("HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\nshort", true);
  expect_bad("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nxy\r\n0\r\n\r\n");
  expect_bad("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
  expect_bad("SSH-2.0-OpenSSH_9.2\r\n\r\n");
  expect_bad("HTTP/1.1 200 OK\r\nContent-Length: 1x\r\n\r\nx");
  expect_bad("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n");
}

TEST(ResponseReader, StopsAtTheEndOfOneResponse) {
  ResponseReader reader;
  const std::string_view text = "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nxHTTP/1.1";
  std::size_t used = 0;
  EXPECT_EQ(reader.feed(text, used), Step::done);
  EXPECT_EQ(used, text.size() - 8);
  reader.restart();
  EXPECT_EQ(reader.feed("HTTP/1.1 503 Busy\r\nContent-Length: 0\r\n\r\n", used), Step::done);
  EXPECT_EQ(reader.status(), 503);
}

}  // namespace
}  // namespace tas::bench
