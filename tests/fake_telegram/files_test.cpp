// sendPhoto and sendDocument by multipart upload and by file_id, getFile, and the download path
// /file/bot<token>/<file_path>.

#include "support/fake_telegram_fixture.hpp"
#include <gtest/gtest.h>

namespace tas::fake {
namespace {

using FakeTelegramFiles = FakeTelegramTest;

// The start of a PNG: enough for its size to be read, which is all the fake reads.
std::string png_header(std::uint8_t width, std::uint8_t height) {
  std::string bytes("\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR", 16);
  bytes += std::string("\0\0\0", 3) + static_cast<char>(width);
  bytes += std::string("\0\0\0", 3) + static_cast<char>(height);
  bytes += std::string("\x08\x02\0\0\0", 5);
  return bytes;
}

// A JPEG's start: SOI, an APP0 segment to skip, and a baseline start-of-frame with the size.
std::string jpeg_header() {
  std::string bytes("\xFF\xD8\xFF\xE0\x00\x06JFIF", 10);
  bytes += std::string("\xFF\xC0\x00\x11\x08\x01\x2C\x02\x58\x03", 10);  // 600 x 300
  bytes += std::string(15, '\0');
  return bytes;
}

TEST_F(FakeTelegramFiles, AnUploadedPhotoIsAPhotoSizeArrayWithCaption) {
  const auto message =
      result_of(agent().upload("sendPhoto", {{"chat_id", kGroupId}, {"caption", "chart"}},
                               {{"photo", "chart.png", "image/png", png_header(2, 3)}}));
  ASSERT_TRUE(message.contains("photo")) << message.dump();
  ASSERT_EQ(message["photo"].size(), 1U);
  const auto& size = message["photo"][0];
  EXPECT_EQ(size["width"], 2);
  EXPECT_EQ(size["height"], 3);
  EXPECT_EQ(size["file_size"], png_header(2, 3).size());
  EXPECT_FALSE(size["file_id"].get<std::string>().empty());
  EXPECT_FALSE(size["file_unique_id"].get<std::string>().empty());
  EXPECT_EQ(message["caption"], "chart");
  EXPECT_FALSE(message.contains("text"));
  EXPECT_EQ(message["from"]["id"], kAgentBotId);

  const auto jpeg = result_of(agent().upload("sendPhoto", {{"chat_id", kGroupId}},
                                             {{"photo", "p.jpg", "image/jpeg", jpeg_header()}}));
  EXPECT_EQ(jpeg["photo"][0]["width"], 600);
  EXPECT_EQ(jpeg["photo"][0]["height"], 300);
  EXPECT_FALSE(jpeg.contains("caption"));
}

TEST_F(FakeTelegramFiles, AnUploadedDocumentKeepsItsNameAndType) {
  const auto message = result_of(
      agent().upload("sendDocument", {{"chat_id", kForumId}, {"message_thread_id", kTopicA}},
                     {{"document", "report.txt", "text/plain", "all green\n"}}));
  const auto& document = message["document"];
  EXPECT_EQ(document["file_name"], "report.txt");
  EXPECT_EQ(document["mime_type"], "text/plain");
  EXPECT_EQ(document["file_size"], 10);
  EXPECT_EQ(message["message_thread_id"], kTopicA);
}

TEST_F(FakeTelegramFiles, GetFileGivesAPathThatDownloadsTheBytes) {
  const std::string full("binary\0data\xff", 12);
  const auto message =
      result_of(agent().upload("sendDocument", {{"chat_id", kGroupId}},
                               {{"document", "blob.bin", "application/octet-stream", full}}));
  const auto file_id = message["document"]["file_id"].get<std::string>();
  const auto file = result_of(agent().call("getFile", {{"file_id", file_id}}));
  EXPECT_EQ(file["file_id"], file_id);
  EXPECT_EQ(file["file_unique_id"], message["document"]["file_unique_id"]);
  EXPECT_EQ(file["file_size"], full.size());
  const auto path = file["file_path"].get<std::string>();
  EXPECT_TRUE(path.ends_with(".bin")) << path;

  const auto download = http().get(std::string("/file/bot") + kAgentToken + "/" + path);
  EXPECT_EQ(download.status, 200);
  EXPECT_EQ(download.body, full);
  EXPECT_EQ(http().get(std::string("/file/bot") + kAgentToken + "/documents/nothing").status, 404);
  EXPECT_EQ(http().get("/file/bot1:wrong/" + path).status, 404);
}

TEST_F(FakeTelegramFiles, AFileIdSendsTheSameFileAgain) {
  const auto first = result_of(agent().upload("sendPhoto", {{"chat_id", kGroupId}},
                                              {{"photo", "a.png", "image/png", png_header(5, 5)}}));
  const auto file_id = first["photo"][0]["file_id"].get<std::string>();
  const auto again = result_of(
      agent().call("sendPhoto", {{"chat_id", kUserId}, {"photo", file_id}, {"caption", "again"}}));
  EXPECT_EQ(again["photo"], first["photo"]);
  EXPECT_EQ(again["chat"]["id"], kUserId);
  expect_api_error(agent().call("sendDocument", {{"chat_id", kGroupId}, {"document", file_id}}),
                   400, "Bad Request: can't use file of type Photo as Document");
}

TEST_F(FakeTelegramFiles, AnAttachReferenceNamesAnotherPart) {
  const auto message = result_of(
      agent().upload("sendDocument", {{"chat_id", kGroupId}, {"document", "attach://file1"}},
                     {{"file1", "notes.md", "text/markdown", "# notes"}}));
  EXPECT_EQ(message["document"]["file_name"], "notes.md");
}

TEST_F(FakeTelegramFiles, ErrorsUseTelegramsDescriptions) {
  expect_api_error(agent().call("sendPhoto", {{"chat_id", kGroupId}}), 400,
                   "Bad Request: There is no photo in the request");
  expect_api_error(agent().call("sendDocument", {{"chat_id", kGroupId}}), 400,
                   "Bad Request: There is no document in the request");
  expect_api_error(agent().call("sendPhoto", {{"chat_id", kGroupId}, {"photo", "no-such-id"}}), 400,
                   "Bad Request: wrong file identifier/HTTP URL specified");
  expect_api_error(agent().upload("sendPhoto", {{"chat_id", kGroupId}},
                                  {{"photo", "x.png", "image/png", "nope"}}),
                   400, "Bad Request: IMAGE_PROCESS_FAILED");
  expect_api_error(agent().call("getFile", {{"file_id", "no-such-id"}}), 400,
                   "Bad Request: invalid file_id");
  expect_api_error(agent().upload("sendDocument", {{"chat_id", -999}},
                                  {{"document", "a.txt", "text/plain", "a"}}),
                   400, "Bad Request: chat not found");
}

}  // namespace
}  // namespace tas::fake
