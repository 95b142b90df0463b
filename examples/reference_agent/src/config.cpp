#include "config.hpp"

#include <cerrno>
#include <fstream>
#include <sstream>
#include <system_error>

#include "agent_error.hpp"
#include <fmt/format.h>

namespace tas::reference_agent {
namespace {

using nlohmann::json;

class Reader {
 public:
  Reader(const json& document, const std::string& source) : document_(document), source_(source) {}

  [[noreturn]] void fail(std::string_view key, std::string_view expected,
                         std::string_view found) const {
    throw AgentError(exit_code::kConfig,
                     fmt::format("config {}: \"{}\" must be {}, found {}. Fix the config file.",
                                 source_, key, expected, found));
  }

  const json* find(std::string_view key) const {
    const auto it = document_.find(key);
    return it == document_.end() || it->is_null() ? nullptr : &*it;
  }

  std::string string(std::string_view key, bool required, std::string fallback = {}) const {
    const json* value = find(key);
    if (value == nullptr) {
      if (required) fail(key, "a string", "nothing");
      return fallback;
    }
    if (!value->is_string()) fail(key, "a string", value->dump());
    return value->get<std::string>();
  }

  std::filesystem::path directory(std::string_view key) const {
    const std::string text = string(key, true);
    if (text.empty()) fail(key, "a directory path", "\"\"");
    return text;
  }

  int integer(std::string_view key, int low, int high, std::optional<int> fallback) const {
    const json* value = find(key);
    if (value == nullptr) {
      if (!fallback) fail(key, fmt::format("a whole number from {} to {}", low, high), "nothing");
      return *fallback;
    }
    if (!value->is_number_integer() || value->get<long long>() < low ||
        value->get<long long>() > high) {
      fail(key, fmt::format("a whole number from {} to {}", low, high), value->dump());
    }
    return value->get<int>();
  }

 private:
  const json& document_;
  const std::string& source_;
};

}  // namespace

Config parse_config(const json& document, const std::string& source) {
  if (!document.is_object()) {
    throw AgentError(
        exit_code::kConfig,
        fmt::format("config {}: expected a JSON object, found {}. Fix the config file.", source,
                    document.type_name()));
  }
  const Reader reader(document, source);
  Config config;
  // 0 stands for "not in the file": the server's --port may supply it; the lifeline needs it.
  config.port = reader.integer("port", 0, 65535, 0);
  config.token_file = reader.string("tokenFile", false);
  config.telegram_api = reader.string("telegramApi", config.telegram_enabled());
  while (config.telegram_api.ends_with('/'))
    config.telegram_api.pop_back();
  if (config.telegram_enabled() && config.telegram_api.empty()) {
    reader.fail("telegramApi", "the Bot API base URL (e.g. https://api.telegram.org)", "\"\"");
  }
  config.state_dir = reader.directory("stateDir");
  config.log_dir = reader.directory("logDir");
  config.native_dir = reader.directory("nativeDir");
  config.bind = reader.string("bind", false, "127.0.0.1");
  config.poll_timeout_s = reader.integer("pollTimeoutS", 0, 50, 5);
  config.timings_file = reader.string("timingsFile", false);
  const auto faults = document.find("faults");
  config.faults = parse_faults(faults == document.end() ? json(nullptr) : *faults);
  return config;
}

Config load_config(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    throw AgentError(exit_code::kConfig,
                     fmt::format("cannot read the config file {}: {}. Pass --config with the path "
                                 "of the agent's JSON config (agent.json).",
                                 file.string(), std::generic_category().message(errno)));
  }
  std::ostringstream text;
  text << in.rdbuf();
  const json document = json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded()) {
    throw AgentError(exit_code::kConfig,
                     fmt::format("config {}: not valid JSON. Expected one JSON object such as "
                                 "{{\"port\": 41234, \"stateDir\": ...}}; fix the file.",
                                 file.string()));
  }
  return parse_config(document, file.string());
}

}  // namespace tas::reference_agent
