#include "token_file.hpp"

#include <cerrno>
#include <fstream>
#include <sstream>
#include <system_error>

#include "agent_error.hpp"
#include <fmt/format.h>

namespace tas::reference_agent {

std::string read_token_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    throw AgentError(exit_code::kConfig,
                     fmt::format("cannot read the token file {} named by \"tokenFile\": {}. Write "
                                 "the bot token into it, or set \"tokenFile\" to \"\" to run "
                                 "without Telegram.",
                                 file.string(), std::generic_category().message(errno)));
  }
  std::ostringstream content;
  content << in.rdbuf();
  std::string token = content.str();
  constexpr std::string_view kSpace = " \t\r\n";
  token.erase(0, token.find_first_not_of(kSpace));
  token.erase(token.find_last_not_of(kSpace) + 1);
  if (token.empty()) {
    throw AgentError(exit_code::kConfig,
                     fmt::format("the token file {} is empty; expected the bot token. Write the "
                                 "token into it, or set \"tokenFile\" to \"\".",
                                 file.string()));
  }
  return token;
}

}  // namespace tas::reference_agent
