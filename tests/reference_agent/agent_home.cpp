#include "agent_home.hpp"

#include <cerrno>
#include <system_error>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <tas/atomic_file.hpp>

namespace tas::reference_agent {

AgentHome::AgentHome() {
  std::filesystem::create_directories(captures_dir());
  std::filesystem::create_directories(dir() / "tmp");
}

std::filesystem::path AgentHome::server_log(int port) const {
  return log_dir() / ("server-" + std::to_string(port) + ".log");
}

void AgentHome::write_token(std::string_view token) const {
  tas::write_file_atomically(token_file(), std::string(token) + "\n", std::filesystem::perms(0600));
}

nlohmann::json AgentHome::default_config(int port, const std::string& telegram_api,
                                         bool with_token) const {
  return {{"port", port},
          {"tokenFile", with_token ? token_file().string() : std::string()},
          {"telegramApi", telegram_api},
          {"stateDir", state_dir().string()},
          {"logDir", log_dir().string()},
          {"nativeDir", native_dir().string()},
          {"relayedChannels", nlohmann::json::array()},
          {"multiMachine", false},
          {"bind", "127.0.0.1"},
          {"selfUpdate", false},
          {"pollTimeoutS", 5},
          {"faults", nlohmann::json::object()}};
}

void AgentHome::write_config(const nlohmann::json& config) const {
  tas::write_file_atomically(config_file(), config.dump(2), std::filesystem::perms(0600));
}

int free_loopback_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::system_error(errno, std::generic_category(), "socket");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof(address);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    const int error = errno;
    ::close(fd);
    throw std::system_error(error, std::generic_category(), "bind to a loopback port");
  }
  ::close(fd);
  return ntohs(address.sin_port);
}

}  // namespace tas::reference_agent
