#pragma once

// The unit tier's run of the seven steps against the mock world (tas::mocks::MockWorld): one
// engine per test, its report in a temporary directory, its console recorded.

#include "files.hpp"
#include "temp_dir.hpp"
#include <gtest/gtest.h>

#include <tas/engine/engine.hpp>
#include <tas/mocks/mock_world.hpp>
#include <tas/mocks/recording_progress.hpp>

namespace tas::test {

namespace fs = std::filesystem;
using mocks::MockWorld;
using nlohmann::json;

class RunTest : public ::testing::Test {
 protected:
  std::unique_ptr<Engine> make_run() {
    return std::make_unique<Engine>(settings_, MockWorld::profile(), world_.backends(), progress_);
  }
  json written_report() const { return test::read_json(report_); }
  const mocks::FakeProcessState& process(std::string_view role) const {
    const auto state = world_.processes.find_role(role);
    if (!state) throw std::runtime_error("no process with role " + std::string(role));
    return *state;
  }

  test::TempDir dir_{"tas-run"};
  MockWorld world_;
  mocks::RecordingProgress progress_;
  fs::path target_ = "/runs/home-1";  // in the fake filesystem
  fs::path report_ = dir_ / "report.json";
  RunSettings settings_ = world_.settings(target_, report_);
};

}  // namespace tas::test

namespace tas {
// What every file of run tests names.
using mocks::MockWorld;
using nlohmann::json;
using test::RunTest;
using testing::_;
using namespace std::chrono_literals;
namespace fs = std::filesystem;
}  // namespace tas
