#include "expanded_path.hpp"

#include <fmt/format.h>

#include <tas/core/errors.hpp>
#include <tas/core/real_path.hpp>
#include <tas/core/state_directory.hpp>

namespace tas::cli {

std::filesystem::path expanded(const std::filesystem::path& given) {
  const std::string text = given.string();
  if (text != "~" && !text.starts_with("~/")) return given;
  const std::filesystem::path home = user_home();
  if (home.empty()) {
    throw UsageError(fmt::format(
        "'{}' starts with '~', but there is no home directory to expand it to (HOME is unset and "
        "the user has no passwd entry): give the full path",
        text));
  }
  return expand_tilde(given, home);
}

}  // namespace tas::cli
