#pragma once

#include <cstdint>
#include <filesystem>
#include <string_view>

#include <nlohmann/json.hpp>

namespace tas::reference_agent {

// The agent's own account of when things happened to it, for the macro benchmark: one JSON line
// per event, {"process", "pid", "event", "t_us", ...}, appended to the file the config names as
// "timingsFile". `t_us` is CLOCK_REALTIME in microseconds, the clock the harness's report uses
// for the moment it saw each thing, so the two can be subtracted. Off (every call does nothing)
// until a file is opened; each line is one write() to an O_APPEND descriptor, so the processes
// of one deploy can share a file and a line is never torn.

// Calendar time now, in microseconds since the epoch.
[[nodiscard]] std::int64_t realtime_us();

// Opens `file` (empty: timings stay off) for `process` ("server", "lifeline", "rebuild") and
// records the event "start" at `started_us`, taken as early in main as possible. Failing to
// open it is not an error: the timings must never be why an agent fails to start.
void start_timings(const std::filesystem::path& file, std::string_view process,
                   std::int64_t started_us,
                   const nlohmann::json& details = nlohmann::json::object());

// Records `event` now, with `details` merged into its line.
void record_timing(std::string_view event,
                   const nlohmann::json& details = nlohmann::json::object());

// Records `event` only the first time it is called with that name in this process (the first
// health answer, the first lease): cheap enough for a path taken on every request.
void record_timing_once(std::string_view event);

}  // namespace tas::reference_agent
