#include <algorithm>
#include <fstream>

#include "temp_dir.hpp"
#include <gtest/gtest.h>

#include <tas/backends/crash_scan.hpp>
#include <tas/backends/log_tail.hpp>

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

// What each runtime really prints when it dies: each must be a finding by default, without the
// profile naming it.
TEST(CrashScan, FindsTheCrashesOfEveryCommonRuntimeByDefault) {
  const std::pair<std::string, std::string> crashes[] = {
      {"Traceback (most recent call last):\n  File \"agent.py\", line 3, in <module>\n",
       "Traceback (most recent call last):"},
      {"Uncaught TypeError: handler is not a function\n", "Uncaught"},
      {"FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory\n",
       "FATAL ERROR"},
      {"panic: assignment to entry in nil map\n\ngoroutine 1 [running]:\n", "panic:"},
      {"thread 'main' panicked at src/main.rs:2:5:\nexplicit panic\n", "panicked at"},
      {"Exception in thread \"main\" java.lang.NullPointerException\n", "Exception in thread"},
      {"==42==ERROR: AddressSanitizer: heap-use-after-free on address 0x6020\n",
       "AddressSanitizer"},
      {"agent.cpp:12:7: runtime error: signed integer overflow\n", "runtime error:"},
      {"SUMMARY: UndefinedBehaviorSanitizer: undefined-behavior agent.cpp:12:7\n",
       "UndefinedBehaviorSanitizer"},
      {"WARNING: ThreadSanitizer: data race (pid=42)\n", "ThreadSanitizer"},
      {"==42==ERROR: LeakSanitizer: detected memory leaks\n", "LeakSanitizer"},
  };
  for (const auto& [log, signature] : crashes) {
    const auto hits = find_crash_signatures("server listening\n" + log, {});
    ASSERT_FALSE(hits.empty()) << log;
    EXPECT_EQ(hits[0].signature, signature) << log;
  }
}

TEST(CrashScan, AFindingShowsTheLinesAroundIt) {
  std::string log;
  for (int i = 1; i <= 10; ++i)
    log += "line " + std::to_string(i) + "\n";
  log +=
      "Traceback (most recent call last):\n"
      "  File \"agent.py\", line 3, in <module>\n"
      "    main()\n"
      "ValueError: the config has no port\n";
  for (int i = 11; i <= 30; ++i)
    log += "line " + std::to_string(i) + "\n";
  const auto hits = find_crash_signatures(log, {});
  ASSERT_EQ(hits.size(), 1u);
  const std::vector<std::string>& context = hits[0].context;
  ASSERT_EQ(context.size(), kCrashContextBefore + 1 + kCrashContextAfter);
  EXPECT_EQ(context.front(), "line 8");
  EXPECT_EQ(context[kCrashContextBefore], "Traceback (most recent call last):");
  EXPECT_NE(std::find(context.begin(), context.end(), "ValueError: the config has no port"),
            context.end());
  EXPECT_EQ(context.back(), "line 15");
  // At the edges of what was read the context is only what there is.
  const auto edge = find_crash_signatures("Segmentation fault\n", {});
  ASSERT_EQ(edge.size(), 1u);
  EXPECT_EQ(edge[0].context, std::vector<std::string>{"Segmentation fault"});
}

}  // namespace
}  // namespace tas
