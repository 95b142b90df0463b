#include <fstream>

#include "files.hpp"
#include "temp_dir.hpp"
#include "text.hpp"
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <tas/core/private_file.hpp>

namespace tas {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kToken = "sk-canary-9f8e7d6c5b4a";

// The one reader of a file that holds a key or a token alone: the judge's API key, the Secret
// Drop API's token and the bearer token of an agent-hosted Secret Drop all come through it.
class OneTokenFileTest : public ::testing::Test {
 protected:
  fs::path write(std::string_view content, mode_t mode = 0600) {
    return test::write_file(dir_ / "token", content, mode);
  }

  test::TempDir dir_{"tas-token-file"};
};

TEST_F(OneTokenFileTest, ReadsTheTokenWithoutItsLineBreak) {
  const OneTokenFile read = read_one_token_file(write(std::string(kToken) + "\r\n"), "the key");
  ASSERT_EQ(read.status, OneTokenFile::Status::ok) << read.problem;
  EXPECT_EQ(read.token.reveal(), kToken);
}

TEST_F(OneTokenFileTest, AMissingFileIsNamed) {
  const OneTokenFile read = read_one_token_file(dir_ / "absent", "the API key file");
  EXPECT_EQ(read.status, OneTokenFile::Status::missing);
  EXPECT_TRUE(test::contains(read.problem, "the API key file")) << read.problem;
  EXPECT_TRUE(test::contains(read.problem, (dir_ / "absent").string())) << read.problem;
}

TEST_F(OneTokenFileTest, AFileOthersCanReadIsUnsafeAndSaysHowToFixIt) {
  const fs::path file = write(kToken, 0644);
  const OneTokenFile read = read_one_token_file(file, "the key");
  EXPECT_EQ(read.status, OneTokenFile::Status::unsafe);
  EXPECT_TRUE(test::contains(read.problem, "0644")) << read.problem;
  EXPECT_TRUE(test::contains(read.problem, "chmod 600")) << read.problem;
  EXPECT_FALSE(test::contains(read.problem, kToken)) << read.problem;
}

TEST_F(OneTokenFileTest, AnythingButOneTokenIsMalformedAndNeverEchoed) {
  for (const std::string& content :
       {std::string("\n"), std::string(kToken) + " second", std::string(kToken) + "\nline two",
        std::string(kToken) + "\x01", std::string(kToken) + "\tX"}) {
    const OneTokenFile read = read_one_token_file(write(content), "the key");
    EXPECT_EQ(read.status, OneTokenFile::Status::malformed) << content;
    EXPECT_TRUE(test::contains(read.problem, "alone")) << read.problem;
    EXPECT_FALSE(test::contains(read.problem, kToken)) << read.problem;
    EXPECT_TRUE(read.token.empty());
  }
}

TEST_F(OneTokenFileTest, AFifoIsRefusedWithoutBlocking) {
  const fs::path fifo = dir_ / "fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const OneTokenFile read = read_one_token_file(fifo, "the key");
  EXPECT_EQ(read.status, OneTokenFile::Status::unsafe);
  EXPECT_TRUE(test::contains(read.problem, "FIFO")) << read.problem;
}

}  // namespace
}  // namespace tas
