#include <algorithm>
#include <cctype>

#include "markup_text.hpp"
#include "report_fields.hpp"
#include <fmt/format.h>

#include <tas/core/untrusted_file.hpp>
#include <tas/engine/html_report.hpp>

namespace tas {
namespace {

using json = nlohmann::ordered_json;

// Inline, so the page shows the same wherever it is opened or mailed: nothing is fetched.
constexpr std::string_view kStyle = R"(
body { font: 15px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 70rem; padding: 1rem 1.5rem; color: #1d2329; }
h1 { font-size: 1.3rem; margin: 0 0 .5rem; }
h2 { font-size: 1.1rem; margin: 1.8rem 0 .6rem; border-bottom: 1px solid #d5dae0; }
h3 { font-size: 1rem; margin: 1rem 0 .3rem; }
h4 { font-size: .95rem; margin: .8rem 0 .3rem; }
pre { background: #f5f7f9; border: 1px solid #e1e5ea; padding: .6rem; overflow-x: auto; font-size: 13px; white-space: pre-wrap; word-break: break-all; }
dl.facts { display: grid; grid-template-columns: max-content auto; gap: .15rem 1rem; margin: .5rem 0; }
dl.facts dt { color: #5b6670; }
dl.facts dd { margin: 0; word-break: break-all; }
.verdict { font-size: 2rem; font-weight: 700; margin: .2rem 0; }
.verdict-pass { color: #1a7f37; }
.verdict-fail, .verdict-interrupted, .verdict-refused { color: #c62828; }
.verdict-incomplete { color: #9a6700; }
#reason { font-size: 1.05rem; }
table#timeline { border-collapse: collapse; width: 100%; }
table#timeline td, table#timeline th { padding: .25rem .5rem; text-align: left; border-bottom: 1px solid #eef0f2; white-space: nowrap; }
table#timeline td.track { width: 55%; }
.bar { height: .8rem; min-width: 2px; border-radius: 2px; background: #8c959f; }
.status-passed .bar { background: #2da44e; }
.status-failed .bar { background: #cf222e; }
.status-failed { background: #fff0f0; }
.status-failed .status, .check-failed { color: #c62828; font-weight: 600; }
.status-skipped .status, .status-not-run .status, .status-pending .status { color: #6e7781; }
details.step { border: 1px solid #d5dae0; border-radius: 4px; margin: .5rem 0; padding: .3rem .8rem; }
details.step summary { cursor: pointer; font-weight: 600; }
details.step.status-failed { border-color: #cf222e; }
ul.checks { list-style: none; padding-left: 0; margin: .2rem 0; }
.muted { color: #6e7781; }
)";

std::string esc(std::string_view text) {
  return markup_text(text);
}

// "status-not-run": a class name from a status, whatever the report holds.
std::string status_class(std::string_view status) {
  std::string name = "status-";
  for (const char c : status)
    name += std::isalnum(static_cast<unsigned char>(c)) != 0 ? c : '-';
  return name;
}

std::string verdict_words(const json& report) {
  std::string verdict = text_at(report, "verdict");
  std::transform(verdict.begin(), verdict.end(), verdict.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return verdict.empty() ? "UNKNOWN" : verdict;
}

std::string fact(std::string_view term, std::string_view value) {
  return fmt::format("<dt>{}</dt><dd>{}</dd>\n", esc(term), esc(value));
}

// Everything a reader may want to feed to a tool is shown as JSON, exactly as the report holds it.
std::string json_block(const json& value, std::string_view css_class) {
  return fmt::format("<pre class=\"{}\">{}</pre>\n", css_class,
                     esc(value.dump(2, ' ', false, json::error_handler_t::replace)));
}

std::string header_section(const json& report) {
  const std::string verdict = text_at(report, "verdict");
  std::string html = fmt::format(
      "<header>\n<h1>test-as-self report: {}</h1>\n"
      "<p id=\"verdict\" class=\"verdict verdict-{}\">{}</p>\n",
      esc(text_at(object_at(report, "profile"), "name")), esc(status_class(verdict).substr(7)),
      esc(verdict_words(report)));
  const json& failing = object_at(report, "failing_step");
  const std::string reason = text_at(report, "reason");
  if (!failing.empty()) {
    html += fmt::format("<p id=\"reason\">step {} ({}): {}</p>\n", esc(text_at(failing, "number")),
                        esc(text_at(failing, "name")), esc(first_line_of(reason)));
  } else if (!reason.empty()) {
    html += fmt::format("<p id=\"reason\">{}</p>\n", esc(first_line_of(reason)));
  }
  html += "<dl class=\"facts\" id=\"summary\">\n";
  html += fact("exit code", text_at(report, "exit_code"));
  if (const std::string by = text_at(report, "interrupted_by"); !by.empty())
    html += fact("interrupted by", by);
  const json& profile = object_at(report, "profile");
  html +=
      fact("profile", fmt::format("{} ({})", text_at(profile, "name"), text_at(profile, "source")));
  html += fact("target", text_at(report, "target"));
  html += fact("backends", text_at(report, "backends"));
  html += fact("run id", text_at(object_at(report, "options"), "run_id"));
  html += fact("started", text_at(report, "started_at"));
  html += fact("finished", text_at(report, "finished_at"));
  html += fact("duration", seconds_text(integer_at(report, "duration_ms")));
  const json& tool = object_at(report, "tool");
  html += fact("tool", fmt::format("{} {}", text_at(tool, "name"), text_at(tool, "version")));
  html += "</dl>\n</header>\n";
  return html;
}

// Each step's bar starts where the step started and is as long as it took, on the scale of the
// whole run, so where the time went is seen at a glance.
std::string timeline_section(const json& report) {
  const json& steps = array_at(report, "steps");
  const std::optional<std::int64_t> run_start = epoch_milliseconds(text_at(report, "started_at"));
  std::int64_t scale = std::max<std::int64_t>(integer_at(report, "duration_ms").value_or(0), 1);
  std::int64_t running_offset = 0;  // when a step's start cannot be read: right after the last
  std::vector<std::pair<std::int64_t, std::int64_t>> spans;
  for (const json& step : steps) {
    const std::int64_t duration =
        std::max<std::int64_t>(integer_at(step, "duration_ms").value_or(0), 0);
    std::int64_t offset = running_offset;
    if (const auto start = epoch_milliseconds(text_at(step, "started_at")); start && run_start)
      offset = std::max<std::int64_t>(*start - *run_start, 0);
    spans.emplace_back(offset, duration);
    running_offset = offset + duration;
    scale = std::max(scale, offset + duration);
  }
  std::string html =
      "<section>\n<h2>Timeline</h2>\n<table id=\"timeline\">\n"
      "<thead><tr><th>#</th><th>step</th><th>status</th><th>duration</th><th></th></tr></thead>\n"
      "<tbody>\n";
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const json& step = steps[i];
    const std::string status = text_at(step, "status");
    const std::optional<std::int64_t> duration = integer_at(step, "duration_ms");
    const double left = 100.0 * static_cast<double>(spans[i].first) / static_cast<double>(scale);
    const double width = 100.0 * static_cast<double>(spans[i].second) / static_cast<double>(scale);
    const std::string bar =
        duration
            ? fmt::format("<div class=\"bar\" style=\"margin-left:{:.2f}%;width:{:.2f}%\"></div>",
                          std::min(left, 100.0), std::min(width, 100.0 - std::min(left, 100.0)))
            : std::string();
    html += fmt::format(
        "<tr class=\"step {0}\" data-step=\"{1}\" data-status=\"{2}\" data-duration-ms=\"{3}\">"
        "<td class=\"number\">{1}</td><td class=\"name\"><a href=\"#step-{1}\">{4}</a></td>"
        "<td class=\"status\">{2}</td><td class=\"duration\">{5}</td>"
        "<td class=\"track\">{6}</td></tr>\n",
        esc(status_class(status)), esc(text_at(step, "number")), esc(status),
        duration ? std::to_string(*duration) : std::string(), esc(text_at(step, "name")),
        esc(seconds_text(duration)), bar);
  }
  html += "</tbody>\n</table>\n</section>\n";
  return html;
}

std::string rules_verdict(const json& rules) {
  const bool proceed = rules.value("proceed", false);
  std::string html =
      fmt::format("<p class=\"rules\">rules: <strong class=\"{}\">{}</strong>{}</p>\n",
                  proceed ? "check-passed" : "check-failed", proceed ? "proceed" : "refused",
                  text_at(rules, "reason").empty() ? "" : " — " + esc(text_at(rules, "reason")));
  const json& checks = array_at(rules, "checks");
  if (checks.empty()) return html;
  html += "<ul class=\"checks\">\n";
  for (const json& check : checks) {
    const bool ok = check.is_object() && check.value("ok", false);
    const std::string problem = text_at(check, "problem");
    html += fmt::format("<li class=\"{}\">{} {}{}</li>\n", ok ? "check-passed" : "check-failed",
                        ok ? "✓" : "✗", esc(text_at(check, "rule")),
                        problem.empty() ? "" : ": " + esc(problem));
  }
  html += "</ul>\n";
  return html;
}

std::string judge_verdict(const json& judge) {
  std::string html = "<dl class=\"facts judge\">\n";
  for (const char* key : {"mode", "outcome", "proceed", "acted", "reason", "model", "latency_ms"}) {
    if (judge.contains(key)) html += fact(key, text_at(judge, key));
  }
  html += "</dl>\n";
  return html;
}

// The gate's verdict on a step that said it passed: the rules and their checks, then the judge.
std::string gate_block(const json& gate) {
  if (!gate.is_object()) {
    return "<p class=\"gate muted\">no gate verdict: the step did not say it passed</p>\n";
  }
  std::string html = "<div class=\"gate\">\n<h4>Gate</h4>\n";
  if (const std::string error = text_at(gate, "error"); !error.empty())
    html += fmt::format("<p class=\"check-failed\">{}</p>\n", esc(error));
  if (const json& rules = object_at(gate, "rules"); !rules.empty()) html += rules_verdict(rules);
  const json& judge = object_at(gate, "judge");
  html += judge.empty() ? "<p class=\"muted\">judge: none configured</p>\n"
                        : "<p>judge:</p>\n" + judge_verdict(judge);
  html += "</div>\n";
  return html;
}

std::string step_block(const json& step) {
  const std::string status = text_at(step, "status");
  const std::string number = text_at(step, "number");
  const std::string detail = text_at(step, "detail");
  std::string html = fmt::format(
      "<details class=\"step {0}\" id=\"step-{1}\"{2}>\n"
      "<summary>[{1}/7] {3} — <span class=\"status\">{4}</span> — {5}</summary>\n",
      esc(status_class(status)), esc(number), status == "failed" ? " open" : "",
      esc(text_at(step, "name")), esc(status), esc(seconds_text(integer_at(step, "duration_ms"))));
  html += fmt::format("<div class=\"detail\">{}</div>\n",
                      detail.empty() ? "<p class=\"muted\">no detail</p>"
                                     : "<pre class=\"detail-text\">" + esc(detail) + "</pre>");
  if (const std::string started = text_at(step, "started_at"); !started.empty())
    html += fmt::format("<p class=\"muted\">started {}</p>\n", esc(started));
  html += gate_block(step.contains("gate") ? step["gate"] : json());
  html += "<h4>Evidence</h4>\n";
  const json& evidence = object_at(step, "evidence");
  html += evidence.empty() ? "<p class=\"muted\">none: the step observed nothing</p>\n"
                           : json_block(evidence, "evidence");
  html += "</details>\n";
  return html;
}

std::string steps_section(const json& report) {
  std::string html = "<section id=\"steps\">\n<h2>Steps</h2>\n";
  for (const json& step : array_at(report, "steps"))
    html += step_block(step);
  html += "</section>\n";
  return html;
}

std::string failure_logs_section(const json& report) {
  const json& logs = object_at(report, "failure_logs");
  if (logs.empty()) return {};
  std::string html =
      "<section id=\"failure-logs\">\n<h2>The run's logs, as the failure left them</h2>\n";
  for (const json& excerpt : array_at(logs, "excerpts")) {
    std::string lines;
    for (const json& line : array_at(excerpt, "lines"))
      lines += (line.is_string() ? line.get<std::string>() : line.dump()) + "\n";
    html += fmt::format(
        "<article class=\"log-excerpt\">\n<h3>{}</h3>\n<p class=\"muted\">{} bytes{}</p>\n{}"
        "</article>\n",
        esc(text_at(excerpt, "path")), esc(text_at(excerpt, "size")),
        excerpt.value("truncated", false) ? "; its last lines" : "",
        lines.empty() ? "<p class=\"muted\">empty</p>\n"
                      : "<pre class=\"log\">" + esc(lines) + "</pre>\n");
  }
  if (const auto left_out = integer_at(logs, "files_left_out"); left_out && *left_out > 0)
    html += fmt::format("<p>{} more logs left out</p>\n", *left_out);
  if (const std::string kept = text_at(logs, "kept_directory"); !kept.empty()) {
    html += fmt::format("<p>logs kept in <code>{}</code></p>\n", esc(kept));
  }
  if (const json& files = array_at(logs, "kept_files"); !files.empty()) {
    html += "<h3>Kept files</h3>\n<dl class=\"facts\">\n";
    for (const json& file : files) {
      html += fact(
          text_at(file, "source"),
          fmt::format("{} ({} of {} bytes{})", text_at(file, "copy"), text_at(file, "bytes_kept"),
                      text_at(file, "size"), file.value("truncated", false) ? ", its tail" : ""));
    }
    html += "</dl>\n";
  }
  if (const json& problems = array_at(logs, "kept_problems"); !problems.empty()) {
    html += "<h3>Problems keeping the logs</h3>\n<ul>\n";
    for (const json& problem : problems)
      html += fmt::format("<li>{}</li>\n",
                          esc(problem.is_string() ? problem.get<std::string>() : problem.dump()));
    html += "</ul>\n";
  }
  html += "</section>\n";
  return html;
}

}  // namespace

std::string render_html_report(const json& report) {
  std::string html = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n{}\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>test-as-self: {} — {}</title>\n<style>{}</style>\n</head>\n<body>\n",
      kHtmlReportMarker, esc(verdict_words(report)),
      esc(text_at(object_at(report, "profile"), "name")), kStyle);
  html += header_section(report);
  html += timeline_section(report);
  html += failure_logs_section(report);
  html += steps_section(report);
  html += "</body>\n</html>\n";
  return html;
}

bool is_html_report_text(std::string_view text) {
  // The marker is in the head, which the page starts with: a user's page that merely quotes it
  // further down is not taken for one.
  const std::string_view head = text.substr(0, text.find("</head>"));
  return text.starts_with("<!DOCTYPE html>") &&
         head.find(kHtmlReportMarker) != std::string_view::npos;
}

bool is_html_report_file(const std::filesystem::path& file) {
  // Not through a symlink: writing would replace the link itself, which is the user's.
  const UntrustedRead read =
      read_untrusted_file(file, "the HTML report", kMaxReportFileBytes, SymlinkPolicy::refuse);
  return read.ok() && is_html_report_text(read.content);
}

std::filesystem::path html_report_beside(const std::filesystem::path& json_report) {
  const std::filesystem::path parent = json_report.parent_path();
  // "report.html" given as the JSON report's name: the HTML report must not be the same file.
  const std::string stem = json_report.extension() == ".json" ? json_report.stem().string()
                                                              : json_report.filename().string();
  std::filesystem::path candidate = parent / (stem + ".html");
  std::error_code error;
  for (int n = 1; std::filesystem::exists(std::filesystem::symlink_status(candidate, error)) &&
                  !is_html_report_file(candidate);
       ++n) {
    candidate = parent / fmt::format("{}.{}.html", stem, n);
  }
  return candidate;
}

}  // namespace tas
