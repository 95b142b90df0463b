#include <fstream>

#include "temp_dir.hpp"
#include <gtest/gtest.h>

#include <tas/crash_scan.hpp>
#include <tas/log_tail.hpp>

namespace tas {
namespace {

TEST(LogTail, ReadsASmallFileWhole) {
  test::TempDir dir;
  std::ofstream(dir / "log") << "one\ntwo\n";
  const LogTail tail = read_log_tail(dir / "log", 1024);
  EXPECT_EQ(tail.text, "one\ntwo\n");
  EXPECT_FALSE(tail.truncated);
  EXPECT_TRUE(tail.exists);
  EXPECT_EQ(tail.file_size, 8u);
}

TEST(LogTail, ReadsOnlyTheEndOfAHugeLogStartingAtALine) {
  test::TempDir dir;
  {
    std::ofstream out(dir / "big");
    const std::string line(99, 'x');
    for (int i = 0; i < 200'000; ++i)
      out << line << '\n';  // 20 MB
    out << "Segmentation fault (core dumped)\n";
  }
  const LogTail tail = read_log_tail(dir / "big", 4096);
  EXPECT_TRUE(tail.truncated);
  EXPECT_LE(tail.text.size(), 4096u);
  EXPECT_EQ(tail.text.find('x'), 0u) << "starts at a whole line";
  EXPECT_NE(tail.text.find("Segmentation fault"), std::string::npos);
  EXPECT_EQ(tail.file_size, 200'000u * 100 + 33);
}

TEST(LogTail, AMissingFileIsEmpty) {
  const LogTail tail = read_log_tail("/nonexistent/log", 100);
  EXPECT_FALSE(tail.exists);
  EXPECT_EQ(tail.text, "");
}

TEST(CrashScan, FindsEverySignatureOfTheMinimumSetAndTheProfilesOwn) {
  for (const std::string& signature : standard_crash_signatures()) {
    const auto hits = find_crash_signatures("ok\nprefix " + signature + " suffix\nok\n", {});
    ASSERT_EQ(hits.size(), 1u) << signature;
    EXPECT_EQ(hits[0].signature, signature);
    EXPECT_EQ(hits[0].line, "prefix " + signature + " suffix");
  }
  const std::vector<std::string> extra = {"PANIC:"};
  EXPECT_EQ(find_crash_signatures("PANIC: oops\n", extra).size(), 1u);
  EXPECT_TRUE(find_crash_signatures("all good\nserver listening\n", extra).empty());
}

}  // namespace
}  // namespace tas
