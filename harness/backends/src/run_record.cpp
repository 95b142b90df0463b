#include <algorithm>
#include <array>
#include <utility>

#include <fmt/format.h>

#include <tas/backends/process_registry.hpp>

namespace tas {
namespace {

using nlohmann::json;

const json& field(const json& object, std::string_view name, json::value_t type,
                  std::string_view where) {
  const auto found = object.find(name);
  if (found == object.end()) {
    throw std::invalid_argument(fmt::format("{}: field '{}' is missing", where, name));
  }
  // A non-negative integer parses as unsigned but is built as signed from an int.
  const bool counts = type == json::value_t::number_unsigned && found->is_number_integer() &&
                      found->get<std::int64_t>() >= 0;
  if (found->type() != type && !counts) {
    throw std::invalid_argument(fmt::format("{}: field '{}' should be {}, found {}", where, name,
                                            json(type).type_name(), found->type_name()));
  }
  return *found;
}

std::string text(const json& object, std::string_view name, std::string_view where) {
  return field(object, name, json::value_t::string, where).get<std::string>();
}

std::uint64_t count(const json& object, std::string_view name, std::string_view where) {
  return field(object, name, json::value_t::number_unsigned, where).get<std::uint64_t>();
}

int pid_field(const json& object, std::string_view name, std::string_view where) {
  const std::uint64_t value = count(object, name, where);
  if (value == 0 || value > 0x3fffffff) {
    throw std::invalid_argument(fmt::format("{}: field '{}' is not a pid: {}", where, name, value));
  }
  return static_cast<int>(value);
}

}  // namespace

json RegisteredGroup::to_json() const {
  return {
      {"pgid", pgid},
      {"leader_pid", leader_pid},
      {"leader_start_time", leader_start_time},
      {"role", role},
      {"program", program},
      {"home", home.string()},
      {"started_at", started_at},
      {"ended", ended},
      {"ended_at", ended ? json(ended_at) : json(nullptr)},
  };
}

RegisteredGroup RegisteredGroup::from_json(const json& json) {
  constexpr std::string_view where = "registry group";
  if (!json.is_object()) throw std::invalid_argument("registry group: not a JSON object");
  RegisteredGroup group;
  group.pgid = pid_field(json, "pgid", where);
  group.leader_pid = pid_field(json, "leader_pid", where);
  group.leader_start_time = count(json, "leader_start_time", where);
  group.role = text(json, "role", where);
  group.program = text(json, "program", where);
  group.home = text(json, "home", where);
  group.started_at = text(json, "started_at", where);
  group.ended = field(json, "ended", json::value_t::boolean, where).get<bool>();
  if (const auto ended_at = json.find("ended_at");
      ended_at != json.end() && ended_at->is_string()) {
    group.ended_at = ended_at->get<std::string>();
  }
  return group;
}

namespace {

constexpr std::array<std::pair<RecordedHome::Origin, std::string_view>, 3> kOrigins = {{
    {RecordedHome::Origin::created, "created"},
    {RecordedHome::Origin::adopted, "adopted"},
    {RecordedHome::Origin::resumed, "resumed"},
}};

}  // namespace

json RecordedHome::to_json() const {
  std::string_view origin_name;
  for (const auto& [value, name] : kOrigins) {
    if (value == origin) origin_name = name;
  }
  return {{"path", root.string()}, {"origin", origin_name}, {"keep", keep}};
}

RecordedHome RecordedHome::from_json(const json& json) {
  constexpr std::string_view where = "registry run file, home";
  if (!json.is_object()) throw std::invalid_argument("registry run file: home is not an object");
  RecordedHome home;
  home.root = text(json, "path", where);
  if (!home.root.is_absolute()) {
    throw std::invalid_argument(
        fmt::format("{}: path '{}' is not absolute", where, home.root.string()));
  }
  const std::string origin = text(json, "origin", where);
  const auto found = std::find_if(kOrigins.begin(), kOrigins.end(),
                                  [&](const auto& entry) { return entry.second == origin; });
  if (found == kOrigins.end()) {
    throw std::invalid_argument(
        fmt::format("{}: origin '{}' is none of created, adopted, resumed", where, origin));
  }
  home.origin = found->first;
  home.keep = field(json, "keep", json::value_t::boolean, where).get<bool>();
  return home;
}

json RunRecord::to_json() const {
  json groups_json = json::array();
  for (const RegisteredGroup& group : groups)
    groups_json.push_back(group.to_json());
  return {
      {"v", kVersion},
      {"run_id", run_id},
      {"created_at", created_at},
      {"harness",
       {{"pid", harness_pid},
        {"start_time", harness_start_time},
        {"boot_id", boot_id},
        {"host", host}}},
      {"groups", std::move(groups_json)},
      {"home", home ? home->to_json() : json(nullptr)},
      {"token_file", token_file.empty() ? json(nullptr) : json(token_file.string())},
  };
}

RunRecord RunRecord::from_json(const json& json) {
  constexpr std::string_view where = "registry run file";
  if (!json.is_object()) throw std::invalid_argument("registry run file: not a JSON object");
  if (const std::uint64_t version = count(json, "v", where); version != kVersion) {
    throw std::invalid_argument(
        fmt::format("registry run file: version {} is not the supported {}", version, kVersion));
  }
  RunRecord record;
  record.run_id = text(json, "run_id", where);
  record.created_at = text(json, "created_at", where);
  const auto& harness = field(json, "harness", json::value_t::object, where);
  constexpr std::string_view harness_where = "registry run file, harness";
  record.harness_pid = pid_field(harness, "pid", harness_where);
  record.harness_start_time = count(harness, "start_time", harness_where);
  record.boot_id = text(harness, "boot_id", harness_where);
  record.host = text(harness, "host", harness_where);
  for (const auto& group : field(json, "groups", json::value_t::array, where)) {
    record.groups.push_back(RegisteredGroup::from_json(group));
  }
  if (const auto home = json.find("home"); home != json.end() && !home->is_null()) {
    record.home = RecordedHome::from_json(*home);
  }
  if (const auto token = json.find("token_file"); token != json.end() && !token->is_null()) {
    record.token_file = text(json, "token_file", where);
    if (!record.token_file.is_absolute()) {
      throw std::invalid_argument(
          fmt::format("{}: token_file '{}' is not absolute", where, record.token_file.string()));
    }
  }
  return record;
}

}  // namespace tas
