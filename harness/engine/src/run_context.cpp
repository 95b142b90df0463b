#include <tas/engine/run_context.hpp>

namespace tas {

Deadline RunContext::step_wait_deadline() const {
  return Deadline::after(clock(), settings.step_wait_budget()).earliest(deadline);
}

Placeholders RunContext::placeholders() const {
  Placeholders values;
  values.set("target", home.root.string());
  values.set("dist", home.dist_link.empty() ? profile.dist.string() : home.dist_link.string());
  values.set("telegram_api", backends.telegram_api);
  values.set("token_file", home.token_written ? home.token_file.string() : std::string());
  if (port != 0) values.set("port", std::to_string(port));
  if (!home.state_dir.empty()) values.set("state_dir", home.state_dir.string());
  if (!home.config_file.empty()) values.set("config_file", home.config_file.string());
  return values;
}

void RunContext::record_home_before_creating(TargetState state) const {
  if (!backends.registry) return;
  RecordedHome recorded;
  recorded.root = home.root;
  recorded.origin = state == TargetState::empty_directory    ? RecordedHome::Origin::adopted
                    : state == TargetState::earlier_kept_run ? RecordedHome::Origin::resumed
                                                             : RecordedHome::Origin::created;
  recorded.keep = settings.keep;
  backends.registry->record_home(std::move(recorded));
}

void RunContext::record_token_file_before_writing() const {
  if (backends.registry) backends.registry->record_token_file(home.token_file);
}

}  // namespace tas
