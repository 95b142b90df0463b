#include <cstdint>
#include <set>

#include "profile_fields.hpp"
#include <fmt/format.h>

#include <tas/core/errors.hpp>
#include <tas/core/json_schema.hpp>
#include <tas/core/json_value_text.hpp>
#include <tas/core/placeholders.hpp>
#include <tas/core/profile.hpp>
#include <tas/core/real_path.hpp>
#include <tas/core/secret_shapes.hpp>
#include <tas/core/state_directory.hpp>
#include <tas/core/untrusted_file.hpp>
#include <tas/core/untrusted_json.hpp>

namespace tas {
namespace {

using profile_detail::Fields;

namespace fs = std::filesystem;
using nlohmann::json;

// A day for one command, five minutes to stop: generous, and far from any clock's overflow.
constexpr std::chrono::seconds kMaxCommandTimeout{86400};
constexpr std::chrono::seconds kMaxStopGrace{300};

CommandSpec read_command(Fields fields, std::string name) {
  CommandSpec command;
  command.name = fields.string("name", false, std::move(name));
  command.argv = fields.strings("argv", true, true);
  command.timeout = fields.seconds("timeout_s", std::chrono::seconds(0), kMaxCommandTimeout);
  fields.no_others();
  return command;
}

std::optional<CommandSpec> read_optional_command(Fields& parent, std::string_view field) {
  if (parent.find(field) == nullptr) return std::nullopt;
  return read_command(parent.object(field), std::string(field));
}

std::vector<CommandSpec> read_hooks(Fields& parent, std::string_view field) {
  const json* list = parent.find(field);
  if (list == nullptr) return {};
  if (!list->is_array()) parent.fail(field, "an array of commands", json_type_name(*list));
  std::vector<CommandSpec> hooks;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const std::string item_name = parent.name(fmt::format("{}[{}]", field, i));
    if (!(*list)[i].is_object())
      parent.fail(fmt::format("{}[{}]", field, i), "an object", json_type_name((*list)[i]));
    hooks.push_back(read_command(Fields((*list)[i], item_name, parent.source()),
                                 fmt::format("{} hook {}", field, i + 1)));
  }
  return hooks;
}

// Strings inside the initial config and the merge patch are templates too.
void check_json_templates(const json& value, const std::string& where, Fields& fields) {
  if (value.is_string()) {
    const std::string& text = value.get_ref<const std::string&>();
    if (const std::string problem = template_problem(text); !problem.empty()) {
      fields.fail(where, "valid templates in every string", problem);
    }
    if (const auto match = find_secret_shape(text)) {
      fields.fail(where, "free of secrets", fmt::format("what looks like a raw {}", match->kind));
    }
  } else if (value.is_structured()) {
    for (const auto& [key, item] : value.items())
      check_json_templates(item, where + "." + key, fields);
  }
}

// The dotted path of the first string in `value` that uses `{name}`.
std::optional<std::string> placeholder_in(const json& value, std::string_view name,
                                          const std::string& where) {
  if (value.is_string()) {
    if (template_uses(value.get_ref<const std::string&>(), name)) return where;
  } else if (value.is_structured()) {
    for (const auto& [key, item] : value.items()) {
      if (auto found = placeholder_in(item, name, where + "." + key)) return found;
    }
  }
  return std::nullopt;
}

fs::path anchored(const std::string& text, const fs::path& base_dir, const fs::path& home) {
  fs::path path = expand_tilde(text, home);
  return path.is_absolute() ? path.lexically_normal() : (base_dir / path).lexically_normal();
}

}  // namespace

AgentProfile parse_profile(const json& document, std::string source, const fs::path& base_dir,
                           const fs::path& home) {
  if (!document.is_object()) {
    throw UsageError(fmt::format("profile {}: must be a JSON object, found {}.", source,
                                 json_type_name(document)));
  }
  // The schema first: every structural error is named by its JSON pointer, in the words of the
  // schema the documentation links. What a schema cannot say is checked field by field below.
  if (const auto violation = schema_violation(document, kProfileSchemaFile)) {
    throw UsageError(
        fmt::format("profile {}: {}. Fix the profile (docs/profile.md; its schema is "
                    "docs/schemas/profile.schema.json).",
                    source, violation->describe()));
  }
  AgentProfile profile;
  profile.source = source;
  Fields top(document, "", profile.source);

  const std::string schema = top.string("schema");
  if (schema != kProfileSchema)
    top.fail("schema", fmt::format("\"{}\"", kProfileSchema), shown_value(schema));
  profile.name = top.string("name");
  profile.dist = anchored(top.string("dist"), base_dir, home);
  if (const std::string canonical = top.string("canonical_home", false); !canonical.empty()) {
    profile.canonical_home = anchored(canonical, base_dir, home);
  }
  {
    Fields guarded = top.object("protected");
    for (const std::string& path : guarded.strings("paths", false, false)) {
      profile.protected_paths.push_back(anchored(path, base_dir, home));
    }
    profile.protected_names = guarded.strings("names", false, false);
    guarded.no_others();
  }
  profile.state_dir = top.template_string("state_dir");
  {
    Fields config = top.object("config");
    profile.config.path = config.template_string("path");
    const json* initial = config.find("initial");
    profile.config.initial = initial ? *initial : json::object();
    if (!profile.config.initial.is_object())
      config.fail("initial", "an object", json_type_name(profile.config.initial));
    check_json_templates(profile.config.initial, "initial", config);
    const json* patch = config.find("merge_patch");
    profile.config.merge_patch = patch ? *patch : json(nullptr);
    if (patch != nullptr) {
      if (!patch->is_object())
        config.fail("merge_patch", "an object (RFC 7386)", json_type_name(*patch));
      check_json_templates(*patch, "merge_patch", config);
    }
    config.no_others();
  }
  {
    Fields port = top.object("port");
    const std::string port_source = port.string("source", false, "allocate");
    if (port_source == "allocate") {
      profile.port.source = PortSpec::Source::allocate;
    } else if (port_source == "config") {
      profile.port.source = PortSpec::Source::config;
      profile.port.config_pointer = port.string("pointer");
      try {
        (void)json::json_pointer(profile.port.config_pointer);
      } catch (const json::exception&) {
        port.fail("pointer", "a JSON pointer such as \"/server/port\"",
                  shown_value(profile.port.config_pointer));
      }
    } else {
      port.fail("source", "\"allocate\" or \"config\"", shown_value(port_source));
    }
    port.no_others();
  }
  if (profile.port.source == PortSpec::Source::config) {
    // The port is read from the config after it is written, so the initial config cannot hold it.
    if (const auto where = placeholder_in(profile.config.initial, "port", "config.initial")) {
      top.fail(*where,
               "free of {port} when port.source is \"config\" (the port is read from "
               "the config, so it is not known when the initial config is written); put "
               "the port number itself there",
               "{port}");
    }
  }
  profile.rebuild = read_optional_command(top, "rebuild");
  profile.init = read_optional_command(top, "init");
  {
    Fields server = top.object("server");
    profile.server.command.name = "server";
    profile.server.command.argv = server.strings("argv", true, true);
    profile.server.no_poll_flag = server.string("no_poll_flag");
    if (profile.server.no_poll_flag.empty())
      server.fail("no_poll_flag", "a non-empty flag", "\"\"");
    server.no_others();
  }
  profile.lifeline = read_command(top.object("lifeline"), "lifeline");
  profile.health_path = top.string("health_path", false, "/health");
  if (!profile.health_path.starts_with("/"))
    top.fail("health_path", "a path starting with '/'", shown_value(profile.health_path));
  profile.logs = top.strings("logs", true, false);
  {
    Fields demotion = top.object("demotion");
    profile.demotion.lease_detected = demotion.string("lease_detected");
    profile.demotion.no_poll_flag = demotion.string("no_poll_flag");
    if (profile.demotion.lease_detected.empty() || profile.demotion.no_poll_flag.empty() ||
        profile.demotion.lease_detected.find(profile.demotion.no_poll_flag) != std::string::npos ||
        profile.demotion.no_poll_flag.find(profile.demotion.lease_detected) != std::string::npos) {
      // Patterns that match both lines would leave the verifier unable to tell a demoted server
      // from one started with the flag (docs/agent-contract.md, 'One poller per token').
      demotion.fail("lease_detected",
                    "non-empty and distinct from 'no_poll_flag' (neither may contain the other)",
                    "patterns that cannot tell the two lines apart");
    }
    demotion.no_others();
  }
  profile.crash_patterns = top.strings("crash_patterns", false, false);
  {
    Fields reports = top.object("crash_reports");
    profile.crash_reports.server_args = reports.strings("server_args", true, false);
    profile.crash_reports.lifeline_args = reports.strings("lifeline_args", true, false);
    profile.crash_reports.directory =
        reports.template_string("directory", false, "{target}/crash-reports");
    profile.crash_reports.core_dumps = reports.boolean("core_dumps", false);
    reports.no_others();
  }
  {
    Fields environment = top.object("environment");
    profile.environment.isolate = environment.boolean("isolate", true);
    profile.environment.allow = environment.strings("allow", false, false);
    profile.environment.path_prepend = environment.strings("path_prepend", true, false);
    Fields set = environment.object("set");
    if (const json* entries = environment.find("set")) {
      for (const auto& [name, value] : entries->items()) {
        // The name is not repeated: a name that is not one may be a value pasted in its place.
        if (name.empty() || name.find('=') != std::string::npos || name.size() > 255) {
          set.fail("<a name>", "an environment variable name (no '=', 1 to 255 bytes)",
                   fmt::format("{} bytes that are not one", name.size()));
        }
        if (const auto match = find_secret_shape(name)) {
          environment.fail("set", "environment variable names that are not secrets",
                           fmt::format("a name that looks like a raw {} (not repeated here); a "
                                       "profile must never carry a secret",
                                       match->kind));
        }
        profile.environment.set.emplace_back(name, set.template_string(name));
      }
    }
    environment.no_others();
  }
  {
    Fields hooks = top.object("hooks");
    profile.hooks_before_start = read_hooks(hooks, "before_start");
    profile.hooks_teardown = read_hooks(hooks, "teardown");
    hooks.no_others();
  }
  {
    Fields timeouts = top.object("timeouts");
    profile.command_timeout =
        timeouts.seconds("command_s", std::chrono::seconds(300), kMaxCommandTimeout);
    profile.stop_grace = timeouts.seconds("stop_grace_s", std::chrono::seconds(5), kMaxStopGrace);
    timeouts.no_others();
  }
  top.no_others();
  return profile;
}

AgentProfile load_profile(const fs::path& file) {
  const UntrustedRead read = read_untrusted_file(file, "the profile", kMaxConfigFileBytes);
  if (!read.ok()) {
    throw UsageError(
        fmt::format("cannot read the profile: {}. Pass --profile with the path of an agent profile "
                    "(docs/profile.md), or leave it out to use the embedded reference profile.",
                    read.problem));
  }
  // "~" is the user's home even when HOME is unset or relative (then from the passwd entry), so
  // that "~/.agent" as the canonical home is guarded as the real one.
  return profile_from_text(read.content, file.string(), fs::absolute(file).parent_path(),
                           user_home());
}

AgentProfile profile_from_text(std::string_view text, std::string source, const fs::path& base_dir,
                               const fs::path& home) {
  const JsonParse parsed = parse_untrusted_json(text);
  if (!parsed.ok()) {
    // The position and the kind only: the text at the error may be a secret, or megabytes long.
    throw UsageError(fmt::format("profile {}: is not valid JSON at {}. Fix the file.", source,
                                 parsed.error->describe()));
  }
  return parse_profile(parsed.value, std::move(source), base_dir, home);
}

}  // namespace tas
