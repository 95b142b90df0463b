#include <chrono>
#include <random>

#include <fmt/format.h>
#include <unistd.h>

#include <tas/core/run_id.hpp>

namespace tas {

std::string new_run_id() {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
  std::random_device random;
  return fmt::format("{}-{}-{:08x}", ::getpid(), ms, random());
}

}  // namespace tas
