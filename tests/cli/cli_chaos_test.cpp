// Chaos: real runs of the test-as-self binary interrupted at random moments.
//
// A moment is drawn within the time an undisturbed run takes, counted from the first line of
// main (before it, in the dynamic loader, no program can act on a signal).
//
//   - SIGINT, SIGTERM or SIGHUP at a random moment of a full run (all seven steps with the
//     reference agent and the embedded fake Telegram): exit 130 — or 0 when the run had printed
//     its verdict before the signal landed — a parseable report that says so, and nothing of the
//     run left: no process, no home, no run file.
//   - SIGKILL at a random moment, then `test-as-self cleanup`: no process, no home, no token file
//     and no run file left.
//
// The moments are drawn from a seed, printed first; TAS_CHAOS_SEED=<seed> replays a failure.
// TAS_CHAOS_RUNS (default 40) and TAS_CHAOS_KILLS (default 20) set the counts. Two workers run
// side by side, each in its own sandbox; run i draws from (seed, i), whichever worker takes it.
#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <random>
#include <thread>

#include "cli_process.hpp"
#include "files.hpp"
#include "processes.hpp"
#include "signal_masks.hpp"
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <signal.h>

#include <tas/core/interrupt.hpp>
#include <tas/engine/report.hpp>

namespace tas::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr int kWorkers = 2;

unsigned long setting(const char* name, unsigned long fallback) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') return fallback;
  return std::stoul(value);
}

unsigned long chaos_seed() {
  static const unsigned long seed = setting("TAS_CHAOS_SEED", std::random_device{}());
  return seed;
}

// The draws of run `index`: the same for a seed whichever worker runs it, and in whatever order.
std::mt19937_64 draws_for(std::string_view kind, int index) {
  std::seed_seq seq{static_cast<unsigned long>(chaos_seed()), static_cast<unsigned long>(index),
                    static_cast<unsigned long>(kind.size())};
  return std::mt19937_64(seq);
}

// Sleeps for a drawn delay: the moment of the signal is the test's input, not a synchronization.
void pause_for(std::chrono::microseconds delay) {
  std::this_thread::sleep_for(delay);
}

// The run's moments begin on the first line of main, where test-as-self holds the signals: in
// the dynamic loader before it, no program can do anything about a signal. A tight look at /proc,
// bounded by a deadline and by the process's end.
bool wait_for_main(CliSandbox& sandbox) {
  const auto deadline = Clock::now() + std::chrono::seconds(10);
  while (Clock::now() < deadline) {
    if (signal_blocked(sandbox.pid(), SIGTERM)) return true;
    if (sandbox.finished()) return false;
  }
  return false;
}

// What one chaos run found wrong; empty when it held.
struct Finding {
  int index = 0;
  std::string what;
};

// Each finding fails the test at once (gtest's assertions are thread-safe here), so that the
// workers' sandboxes, which see the failure, are kept for a look.
class Findings {
 public:
  Findings(std::string_view kind, int count) : kind_(kind), count_(count) {}
  void add(int index, std::string what) {
    ADD_FAILURE() << kind_ << " run " << index << " of " << count_
                  << " (TAS_CHAOS_SEED=" << chaos_seed() << "): " << what;
    const std::lock_guard lock(mutex_);
    list_.push_back({index, std::move(what)});
  }
  [[nodiscard]] std::vector<Finding> list() const {
    const std::lock_guard lock(mutex_);
    return list_;
  }

 private:
  std::string kind_;
  int count_ = 0;
  mutable std::mutex mutex_;
  std::vector<Finding> list_;
};

// Runs `count` indexed jobs over kWorkers threads, each with a sandbox of its own.
template <typename Job>
void run_in_workers(int count, Job job) {
  std::atomic<int> next{0};
  std::vector<std::thread> workers;
  for (int w = 0; w < kWorkers; ++w) {
    workers.emplace_back([&] {
      CliSandbox sandbox;
      for (int index = next++; index < count; index = next++)
        job(sandbox, index);
    });
  }
  for (std::thread& worker : workers)
    worker.join();
}

std::vector<std::string> full_run(CliSandbox& sandbox, const fs::path& target,
                                  const fs::path& report) {
  return {"--bot-token", sandbox.put_bot_token(), "--target",     target.string(), "--timeout-s",
          "60",          "--report-json",         report.string()};
}

std::vector<fs::path> files_in(const fs::path& directory) {
  std::vector<fs::path> files;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(directory, error))
    files.push_back(entry.path());
  return files;
}

class CliChaos : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::cout << fmt::format("chaos seed: {} (TAS_CHAOS_SEED={} replays it)\n", chaos_seed(),
                             chaos_seed())
              << std::flush;
  }
  void SetUp() override { RecordProperty("chaos_seed", std::to_string(chaos_seed())); }

  // How long an undisturbed full run takes here: the span the random moments are drawn from.
  // The shorter of two runs, since the first one pays for cold caches.
  static std::chrono::microseconds run_duration() {
    CliSandbox sandbox;
    std::chrono::microseconds shortest = std::chrono::microseconds::max();
    for (int i = 0; i < 2; ++i) {
      const auto args = full_run(sandbox, sandbox.work() / fmt::format("calibration-{}", i),
                                 sandbox.work() / fmt::format("calibration-{}.json", i));
      const auto started = Clock::now();
      const CliResult result = sandbox.run(args);
      shortest = std::min(
          shortest, std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started));
      EXPECT_EQ(result.code(), 0) << "an undisturbed calibration run failed:\n"
                                  << result.out << result.err;
    }
    std::cout << fmt::format("an undisturbed full run takes {} ms\n", shortest.count() / 1000);
    return shortest;
  }
};

TEST_F(CliChaos, RandomInterruptsEndEveryRunWith130AReportAndNothingLeft) {
  const int count = static_cast<int>(setting("TAS_CHAOS_RUNS", 40));
  const auto span = run_duration();
  Findings findings("interrupt", count);
  std::atomic<int> interrupted{0};
  std::atomic<int> finished_first{0};
  const auto started = Clock::now();
  run_in_workers(count, [&](CliSandbox& sandbox, int index) {
    auto draws = draws_for("interrupt", index);
    constexpr std::array<int, 3> kSignals = {SIGINT, SIGTERM, SIGHUP};
    const int signal_number = kSignals[draws() % kSignals.size()];
    const std::chrono::microseconds delay(draws() % static_cast<std::uint64_t>(span.count()));
    const fs::path target = sandbox.work() / fmt::format("run-{}", index);
    const fs::path report = sandbox.work() / fmt::format("report-{}.json", index);
    const auto what =
        fmt::format("{} after {} ms", signal_name(signal_number), delay.count() / 1000);

    sandbox.start(full_run(sandbox, target, report));
    if (!wait_for_main(sandbox)) {
      findings.add(index, "test-as-self never held the signals on its first line of main");
    }
    pause_for(delay);
    sandbox.signal(signal_number);
    const CliResult result = sandbox.finish(std::chrono::seconds(60));

    const bool verdict_printed = result.out.find("VERDICT: PASS") != std::string::npos;
    if (result.code() == 130) {
      ++interrupted;
    } else if (result.code() == 0 && verdict_printed) {
      ++finished_first;  // the run was over before the signal landed
    } else {
      findings.add(index, fmt::format("{}: {} (want 130, or 0 after the verdict)\n{}{}", what,
                                      result.status.describe(), result.out, result.err));
      return;
    }
    try {
      const json written = read_json(report);
      if (written.at("exit_code") != result.code()) {
        findings.add(index, fmt::format("{}: the report says exit {}, the process {}", what,
                                        written.at("exit_code").dump(), result.code()));
      }
      if (result.code() == 130 && written.at("interrupted_by") != signal_name(signal_number)) {
        findings.add(index, fmt::format("{}: the report says interrupted_by {}", what,
                                        written.at("interrupted_by").dump()));
      }
    } catch (const std::exception& error) {
      findings.add(index, fmt::format("{}: no parseable report at {}: {}\n{}{}", what,
                                      report.string(), error.what(), result.out, result.err));
    }
    if (const auto left = live_processes_with_environment("HOME", target.string()); !left.empty()) {
      findings.add(index,
                   fmt::format("{}: {} process(es) of the run still alive", what, left.size()));
      kill_all(left);
    }
    if (fs::exists(target)) findings.add(index, what + ": the home was left: " + target.string());
    if (const auto files = files_in(sandbox.state() / "runs"); !files.empty()) {
      findings.add(index, fmt::format("{}: the registry still holds {}", what,
                                      files.front().filename().string()));
      for (const fs::path& file : files)
        fs::remove(file);
    }
  });
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
  std::cout << fmt::format(
      "{} runs in {} ms: {} interrupted (130), {} finished before the signal (0), {} findings\n",
      count, took.count(), interrupted.load(), finished_first.load(), findings.list().size());
}

TEST_F(CliChaos, RandomSigkillsThenCleanupLeaveNoProcessHomeOrTokenFile) {
  const int count = static_cast<int>(setting("TAS_CHAOS_KILLS", 20));
  const auto span = run_duration();
  Findings findings("SIGKILL", count);
  const auto started = Clock::now();
  // Each worker kills its runs one after another, then cleans its own state directory once, as
  // after a CTest timeout: every dead run at once.
  std::atomic<int> next{0};
  std::vector<std::thread> workers;
  for (int w = 0; w < kWorkers; ++w) {
    workers.emplace_back([&] {
      CliSandbox sandbox;
      std::vector<int> mine;
      for (int index = next++; index < count; index = next++) {
        mine.push_back(index);
        auto draws = draws_for("kill", index);
        const std::chrono::microseconds delay(draws() % static_cast<std::uint64_t>(span.count()));
        sandbox.start(full_run(sandbox, sandbox.work() / fmt::format("run-{}", index),
                               sandbox.work() / fmt::format("report-{}.json", index)));
        pause_for(delay);
        sandbox.signal(SIGKILL);
        (void)sandbox.finish(std::chrono::seconds(10));
      }
      const CliResult cleanup = sandbox.run({"cleanup"});
      if (cleanup.code() != 0) {
        findings.add(-1, fmt::format("cleanup exited {}:\n{}{}", cleanup.status.describe(),
                                     cleanup.out, cleanup.err));
      }
      for (const int index : mine) {
        const fs::path target = sandbox.work() / fmt::format("run-{}", index);
        const auto left = live_processes_with_environment("HOME", target.string());
        if (!left.empty()) {
          findings.add(index, fmt::format("{} process(es) left after cleanup", left.size()));
          kill_all(left);
        }
        if (fs::exists(target / "bot-token")) findings.add(index, "the token file was left");
        if (fs::exists(target)) {
          findings.add(index,
                       fmt::format("the home {} was left, holding:\n{}cleanup said:\n{}{}",
                                   target.string(), listing(target), cleanup.out, cleanup.err));
        }
      }
      if (const auto files = files_in(sandbox.state() / "runs"); !files.empty()) {
        findings.add(-1, fmt::format("the registry still holds {} file(s) after cleanup:\n{}{}",
                                     files.size(), cleanup.out, cleanup.err));
      }
    });
  }
  for (std::thread& worker : workers)
    worker.join();
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
  std::cout << fmt::format("{} SIGKILLs and cleanups in {} ms, {} findings\n", count, took.count(),
                           findings.list().size());
}

}  // namespace
}  // namespace tas::test
