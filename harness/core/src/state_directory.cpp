#include <cstdlib>
#include <stdexcept>
#include <vector>

#include <pwd.h>
#include <unistd.h>

#include <tas/core/state_directory.hpp>

namespace tas {

std::filesystem::path user_home() {
  if (const char* home = std::getenv("HOME"); home && home[0] == '/') return home;
  std::vector<char> buffer(16384);
  passwd entry{};
  passwd* found = nullptr;
  if (::getpwuid_r(::getuid(), &entry, buffer.data(), buffer.size(), &found) == 0 && found &&
      found->pw_dir && found->pw_dir[0] == '/') {
    return found->pw_dir;
  }
  return {};
}

std::filesystem::path state_directory() {
  // Tests (and anyone who wants the state kept apart) point it elsewhere.
  if (const char* own = std::getenv("TEST_AS_SELF_STATE_DIR"); own && own[0] == '/') return own;
  // XDG: a relative XDG_STATE_HOME is invalid and is ignored.
  if (const char* state = std::getenv("XDG_STATE_HOME"); state && state[0] == '/') {
    return std::filesystem::path(state) / "test-as-self";
  }
  const std::filesystem::path home = user_home();
  if (home.empty()) {
    throw std::runtime_error(
        "cannot place test-as-self's state directory: neither XDG_STATE_HOME nor HOME is an "
        "absolute path and the user has no home directory; set XDG_STATE_HOME");
  }
  return home / ".local" / "state" / "test-as-self";
}

}  // namespace tas
