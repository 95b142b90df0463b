#include <algorithm>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include <tas/backends/crash_scan.hpp>
#include <tas/backends/log_tail.hpp>
#include <tas/core/lease.hpp>
#include <tas/core/secret_shapes.hpp>
#include <tas/evidence/file_verifier.hpp>

namespace tas {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// What a 409 looks like in a log: the status with its reason, or one of the Bot API's own
// descriptions (docs/fake-telegram.md, 'What it implements'). A bare "409" would match ports and
// pids.
constexpr std::string_view kConflictPatterns[] = {
    "409 Conflict", "\"error_code\":409", "Conflict: terminated by other getUpdates request",
    "Conflict: can't use getUpdates method while webhook is active",
    "Conflict: terminated by setWebhook request"};

VerifyCheck check(std::string name, bool ok, std::string detail, json extra = json::object()) {
  return {std::move(name), ok, std::move(detail), std::move(extra)};
}

struct ScannedLog {
  fs::path path;
  LogTail tail;
};

// The agent's log paths: files as given, directories expanded to their regular files.
std::vector<fs::path> expand_logs(const std::vector<fs::path>& logs, std::size_t limit) {
  std::vector<fs::path> files;
  for (const fs::path& log : logs) {
    std::error_code error;
    if (fs::is_directory(log, error)) {
      std::vector<fs::path> inside;
      for (const auto& entry : fs::directory_iterator(log, error)) {
        if (entry.is_regular_file(error)) inside.push_back(entry.path());
      }
      std::sort(inside.begin(), inside.end());
      files.insert(files.end(), inside.begin(), inside.end());
    } else {
      files.push_back(log);
    }
  }
  if (files.size() > limit) files.resize(limit);
  return files;
}

std::string file_and_line(const fs::path& file, const std::string& line) {
  return fmt::format("{}: {}", file.filename().string(), line);
}

std::vector<VerifyCheck> lease_checks(const VerifyInput& input) {
  std::vector<VerifyCheck> rows;
  if (!input.token_hash) {
    rows.push_back(check("lease", true, "no bot in this run, so no lease is expected"));
    return rows;
  }
  const fs::path file = lease::path_in(input.state_dir);
  const lease::Verdict verdict =
      lease::read_and_decide(input.state_dir, *input.token_hash, lease::now_ms());
  rows.push_back(check(
      "lease", verdict.owned(),
      verdict.owned()
          ? fmt::format("owned by pid {}, heartbeat {} ms ago", verdict.lease->pid, verdict.age_ms)
          : fmt::format("{} at {}", lease::to_string(verdict.decision), file.string()),
      {{"path", file.string()}, {"decision", lease::to_string(verdict.decision)}}));
  const LogTail content = read_log_tail(file, 64 * 1024);
  const auto shape = find_secret_shape(content.text);
  rows.push_back(
      check("lease hash-only", !shape,
            shape ? fmt::format("the lease file contains what looks like a raw {}", shape->kind)
                  : std::string("no raw secret shape in the lease file")));
  return rows;
}

std::vector<VerifyCheck> demotion_checks(const VerifyInput& input, std::size_t tail_bytes) {
  std::vector<VerifyCheck> rows;
  const std::string& detected = input.demotion.lease_detected;
  const std::string& flagged = input.demotion.no_poll_flag;
  if (!input.token_hash && !input.demoted_server_log && !input.no_poll_server_log) {
    rows.push_back(check("mode lines", true,
                         "no bot in this run, so neither the no-poll nor the demotion line is "
                         "expected"));
    return rows;
  }
  auto has = [&](const fs::path& log, const std::string& pattern) {
    return read_log_tail(log, tail_bytes).text.find(pattern) != std::string::npos;
  };
  if (input.demoted_server_log) {
    const bool seen = has(*input.demoted_server_log, detected);
    const bool wrong = has(*input.demoted_server_log, flagged);
    rows.push_back(check(
        "demotion line", seen && !wrong,
        seen && !wrong ? fmt::format("the server started without the flag logged '{}'", detected)
        : !seen ? fmt::format("the server started without the flag never logged '{}'", detected)
                : fmt::format("the server started without the flag logged '{}'", flagged),
        {{"log", input.demoted_server_log->string()}}));
  }
  if (input.no_poll_server_log) {
    const bool seen = has(*input.no_poll_server_log, flagged);
    const bool wrong = has(*input.no_poll_server_log, detected);
    rows.push_back(
        check("no-poll line", seen && !wrong,
              seen && !wrong ? fmt::format("the server started with the flag logged '{}'", flagged)
              : !seen ? fmt::format("the server started with the flag never logged '{}'", flagged)
                      : fmt::format("the server started with the flag logged '{}'", detected),
              {{"log", input.no_poll_server_log->string()}}));
  }
  return rows;
}

std::vector<VerifyCheck> scan_checks(const std::vector<ScannedLog>& logs,
                                     const std::vector<std::string>& extra_crash_patterns) {
  json conflicts = json::array();
  json crashes = json::array();
  for (const ScannedLog& log : logs) {
    std::istringstream lines(log.tail.text);
    for (std::string line; std::getline(lines, line) && conflicts.size() < 10;) {
      for (const std::string_view pattern : kConflictPatterns) {
        if (line.find(pattern) != std::string::npos) {
          conflicts.push_back(file_and_line(log.path, line.substr(0, 300)));
          break;
        }
      }
    }
    for (const CrashSignatureHit& hit :
         find_crash_signatures(log.tail.text, extra_crash_patterns, 10)) {
      crashes.push_back({{"signature", hit.signature},
                         {"where", file_and_line(log.path, hit.line)},
                         {"context", hit.context}});
    }
  }
  std::vector<VerifyCheck> rows;
  rows.push_back(check("no 409", conflicts.empty(),
                       conflicts.empty() ? std::string("no 409 Conflict in the agent's logs")
                                         : fmt::format("409 Conflict in the logs: {}",
                                                       conflicts[0].get<std::string>()),
                       {{"hits", conflicts}}));
  std::string crash_detail = "no crash signature in the logs or the children's output";
  if (!crashes.empty()) {
    crash_detail = fmt::format("'{}' in {}", crashes[0]["signature"].get<std::string>(),
                               crashes[0]["where"].get<std::string>());
    // The lines around it say what crashed: a traceback's frames, a panic's message.
    for (const json& line : crashes[0]["context"])
      crash_detail += "\n    | " + line.get<std::string>();
  }
  rows.push_back(
      check("no crash signature", crashes.empty(), std::move(crash_detail), {{"hits", crashes}}));
  return rows;
}

VerifyCheck children_check(const VerifyInput& input) {
  json children = json::array();
  std::string problem;
  for (const ChildView& child : input.children) {
    const bool alive = !child.exit.has_value();
    children.push_back({{"role", child.role},
                        {"pid", child.pid},
                        {"alive", alive},
                        {"exit", child.exit ? child.exit->to_json() : json(nullptr)}});
    if (!alive && !child.exit->success() && problem.empty()) {
      problem = fmt::format("{} (pid {}) {}", child.role, child.pid, child.exit->describe());
    }
  }
  return check("children", problem.empty(),
               problem.empty()
                   ? fmt::format("{} child(ren) alive or ended cleanly", input.children.size())
                   : problem,
               {{"children", children}});
}

VerifyCheck crash_report_check(const VerifyInput& input, std::size_t report_bytes) {
  json reports = json::array();
  std::error_code error;
  if (!input.crash_report_dir.empty() && fs::is_directory(input.crash_report_dir, error)) {
    for (const auto& entry : fs::directory_iterator(input.crash_report_dir, error)) {
      if (!entry.is_regular_file(error) || reports.size() >= 10) continue;
      const LogTail tail = read_log_tail(entry.path(), report_bytes);
      reports.push_back(
          {{"file", entry.path().string()}, {"size", tail.file_size}, {"tail", tail.text}});
    }
  }
  return check("crash reports", reports.empty(),
               reports.empty() ? std::string("no crash report was written")
                               : fmt::format("{} crash report(s), e.g. {}", reports.size(),
                                             reports[0]["file"].get<std::string>()),
               {{"directory", input.crash_report_dir.string()}, {"reports", reports}});
}

}  // namespace

VerifyEvidence FileVerifier::verify(const VerifyInput& input) {
  std::vector<ScannedLog> logs;
  VerifyEvidence result;
  auto scan = [&](const fs::path& file) {
    if (std::any_of(logs.begin(), logs.end(),
                    [&](const ScannedLog& log) { return log.path == file; }))
      return;
    LogTail tail = read_log_tail(file, limits_.tail_bytes);
    if (!tail.exists) return;
    result.logs_scanned.push_back(
        {file.string(), tail.file_size, tail.text.size(), tail.truncated});
    logs.push_back({file, std::move(tail)});
  };
  for (const fs::path& file : expand_logs(input.logs, limits_.max_logs))
    scan(file);
  for (const ChildView& child : input.children) {
    scan(child.stdout_file);
    scan(child.stderr_file);
  }

  std::vector<VerifyCheck>& checks = result.checks;
  for (VerifyCheck& row : lease_checks(input))
    checks.push_back(std::move(row));
  for (VerifyCheck& row : demotion_checks(input, limits_.tail_bytes))
    checks.push_back(std::move(row));
  for (VerifyCheck& row : scan_checks(logs, input.crash_patterns))
    checks.push_back(std::move(row));
  checks.push_back(children_check(input));
  checks.push_back(crash_report_check(input, limits_.crash_report_bytes));
  return result;
}

}  // namespace tas
