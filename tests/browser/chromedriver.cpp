#include "chromedriver.hpp"

#include <chrono>
#include <regex>
#include <stdexcept>

#include "files.hpp"
#include "processes.hpp"
#include "temp_dir.hpp"
#include <fmt/format.h>
#include <signal.h>

#include <tas/backends/http_client.hpp>
#include <tas/backends/process_registry.hpp>

namespace tas::test {
namespace {

using std::chrono::milliseconds;

// The line chromedriver prints once it listens: "ChromeDriver was started successfully on port
// 41235."
int announced_port(const std::string& output) {
  static const std::regex kStarted(R"(started successfully on port (\d+))");
  std::smatch match;
  return std::regex_search(output, match, kStarted) ? std::stoi(match[1].str()) : 0;
}

}  // namespace

std::optional<std::string> missing_browser_binary() {
  if (!std::filesystem::exists(kChromium)) {
    return fmt::format(
        "{} is missing: install the Debian packages chromium and chromium-driver "
        "(apt-get install chromium chromium-driver)",
        kChromium.string());
  }
  if (!std::filesystem::exists(kChromedriver)) {
    return fmt::format(
        "{} is missing: install the Debian packages chromium and chromium-driver "
        "(apt-get install chromium chromium-driver)",
        kChromedriver.string());
  }
  return std::nullopt;
}

Chromedriver::Chromedriver(const std::filesystem::path& work) : work_(work) {
  for (const char* directory : {"home", "tmp", "config", "cache", "profile", "registry"})
    std::filesystem::create_directories(work_ / directory);
  registry_ = std::make_shared<ProcessRegistry>(work_ / "registry");
  launcher_ = std::make_unique<PosixProcessLauncher>(registry_);

  LaunchSpec spec;
  spec.role = "chromedriver";
  spec.argv = {kChromedriver.string(), "--port=0", "--allowed-ips=127.0.0.1"};
  spec.working_directory = work_;
  spec.environment = {"HOME=" + (work_ / "home").string(),
                      "TMPDIR=" + (work_ / "tmp").string(),
                      "XDG_CONFIG_HOME=" + (work_ / "config").string(),
                      "XDG_CACHE_HOME=" + (work_ / "cache").string(),
                      "PATH=/usr/bin:/bin",
                      "LANG=C.UTF-8"};
  spec.stdout_file = work_ / "chromedriver.out";
  spec.stderr_file = work_ / "chromedriver.err";
  process_ = launcher_->launch(spec);

  // Bounded waits for conditions: the announced port, then a ready /status.
  int port = 0;
  const bool announced = eventually(
      [&] {
        port = announced_port(read_text(spec.stdout_file));
        return port != 0 || process_->poll().has_value();
      },
      std::chrono::seconds(20));
  if (!announced || port == 0) {
    const std::string why = process_->poll() ? process_->poll()->describe() : "no port in time";
    stop();
    throw std::runtime_error(fmt::format("chromedriver did not start ({}):\n{}", why, logs()));
  }
  driver_ = std::make_unique<WebDriver>(fmt::format("http://127.0.0.1:{}", port));
  if (!eventually([&] { return driver_->ready() || process_->poll().has_value(); },
                  std::chrono::seconds(20)) ||
      !driver_->ready()) {
    stop();
    throw std::runtime_error(
        fmt::format("chromedriver on port {} never said ready:\n{}", port, logs()));
  }
}

Chromedriver::~Chromedriver() {
  stop();
}

nlohmann::json Chromedriver::chromium_capabilities() const {
  return {{"browserName", "chrome"},
          {"goog:chromeOptions",
           {{"binary", kChromium.string()},
            // Without the background-networking flags Chromium reaches for Google's services,
            // and on a closed network those connections are refused, many at a time.
            {"args",
             {"--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
              "--disable-background-networking", "--disable-component-update", "--disable-sync",
              "--user-data-dir=" + (work_ / "profile").string()}}}}};
}

std::vector<std::string> Chromedriver::stop() {
  if (stopped_) return {};
  stopped_ = true;
  if (driver_) {
    // chromedriver's own way to end: it quits the browsers it started, then exits.
    HttpRequest shutdown;
    shutdown.url = driver_->base_url() + "/shutdown";
    shutdown.timeout = std::chrono::seconds(5);
    (void)http_request(shutdown);
  }
  if (process_) (void)process_->stop(std::chrono::seconds(5));
  const std::string run = registry_->run_id();
  const auto alive = [&run] { return live_processes_with_environment(kRunMarkerName, run); };
  std::vector<std::string> left;
  if (!eventually([&] { return alive().empty(); }, std::chrono::seconds(10))) {
    const std::vector<int> pids = alive();
    for (const int pid : pids)
      left.push_back(std::to_string(pid));
    // Not end_strays(): that looks only among this process's descendants, and a browser whose
    // parent is gone has been reparented out of them (a test process is no child subreaper).
    kill_all(pids);
  }
  return left;
}

std::string Chromedriver::logs() const {
  return fmt::format("--- chromedriver stdout ---\n{}\n--- chromedriver stderr ---\n{}",
                     read_text(work_ / "chromedriver.out"), read_text(work_ / "chromedriver.err"));
}

}  // namespace tas::test
