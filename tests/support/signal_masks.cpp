#include "signal_masks.hpp"

#include <fstream>
#include <string>

namespace tas::test {
namespace {

bool in_set(std::optional<std::uint64_t> set, int signal_number) {
  return set && ((*set >> (signal_number - 1)) & 1U) != 0;
}

}  // namespace

std::optional<std::uint64_t> signal_set(int pid, std::string_view field) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  const std::string prefix = std::string(field) + ":";
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with(prefix)) return std::stoull(line.substr(prefix.size()), nullptr, 16);
  }
  return std::nullopt;
}

bool signal_blocked(int pid, int signal_number) {
  return in_set(signal_set(pid, "SigBlk"), signal_number);
}

bool signal_ignored(int pid, int signal_number) {
  return in_set(signal_set(pid, "SigIgn"), signal_number);
}

bool signal_caught(int pid, int signal_number) {
  return in_set(signal_set(pid, "SigCgt"), signal_number);
}

}  // namespace tas::test
