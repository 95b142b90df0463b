#include <fmt/format.h>

#include <tas/core/argv_guard.hpp>
#include <tas/core/errors.hpp>
#include <tas/core/secret_shapes.hpp>

namespace tas {
namespace {

bool is_option(std::string_view arg) {
  return arg.starts_with("-") && arg.size() > 1;
}

// The option an argument is the value of: "--x" for "--x=value", or the previous argument when
// it is an option and this one is not.
std::string_view option_of(std::span<const std::string> args, std::size_t index) {
  const std::string_view arg = args[index];
  if (arg.starts_with("--")) {
    const std::size_t equals = arg.find('=');
    return equals == std::string_view::npos ? std::string_view() : arg.substr(0, equals);
  }
  if (index > 1 && is_option(args[index - 1]) && args[index - 1].find('=') == std::string::npos) {
    return args[index - 1];
  }
  return {};
}

}  // namespace

void refuse_raw_secrets_in_argv(std::span<const std::string> args) {
  for (std::size_t index = 1; index < args.size(); ++index) {
    const auto match = find_secret_shape(args[index]);
    if (!match) continue;
    const std::string_view option = option_of(args, index);
    if (option == "--bot-token") {
      throw RawSecretRefused(fmt::format(
          "refusing --bot-token: its value looks like a raw {}, and --bot-token takes a Secret "
          "Drop ID. A token on a command line ends up in shell history and in /proc/<pid>/cmdline. "
          "Put it into Secret Drop from stdin — printf %s \"$TOKEN\" | test-as-self secret put "
          "--label <label> — and pass the ID it prints.",
          match->kind));
    }
    const std::string where =
        option.empty() ? fmt::format("argument {}", index) : fmt::format("the value of {}", option);
    throw RawSecretRefused(fmt::format(
        "refusing the command line: {} contains what looks like a raw {}. Secrets must never be "
        "passed as arguments (they end up in shell history and in /proc/<pid>/cmdline); hand them "
        "over through Secret Drop instead.",
        where, match->kind));
  }
}

}  // namespace tas
