#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "webdriver.hpp"

#include <tas/backends/posix_process_launcher.hpp>

namespace tas::test {

// Where Debian puts them (packages chromium and chromium-driver).
inline const std::filesystem::path kChromium = "/usr/bin/chromium";
inline const std::filesystem::path kChromedriver = "/usr/bin/chromedriver";

// The first of kChromium and kChromedriver that is missing, with the apt package that brings it;
// nullopt when both are there.
[[nodiscard]] std::optional<std::string> missing_browser_binary();

// chromedriver as a child of the test, started by the harness's own process backend
// (PosixProcessLauncher) with a process registry of its own, in a sandbox of directories under
// `work`: HOME, TMPDIR and the XDG directories are there, so the browser touches nothing else.
// It listens on a port it picks itself (--port=0) and prints; the constructor waits — bounded —
// for that line and for GET /status to say ready.
class Chromedriver {
 public:
  explicit Chromedriver(const std::filesystem::path& work);
  ~Chromedriver();
  Chromedriver(const Chromedriver&) = delete;
  Chromedriver& operator=(const Chromedriver&) = delete;

  [[nodiscard]] const WebDriver& driver() const { return *driver_; }
  // Capabilities for a headless Chromium with a fresh profile under `work`.
  [[nodiscard]] nlohmann::json chromium_capabilities() const;

  // Ends chromedriver (it quits its browsers first) and waits, bounded, until no process carrying
  // this run's marker is alive. Returns those still alive after that (ended by force): none,
  // when all went well. Idempotent.
  std::vector<std::string> stop();

  // chromedriver's output, for failure messages.
  [[nodiscard]] std::string logs() const;

 private:
  std::filesystem::path work_;
  std::shared_ptr<ProcessRegistry> registry_;
  std::unique_ptr<PosixProcessLauncher> launcher_;
  std::unique_ptr<Process> process_;
  std::unique_ptr<WebDriver> driver_;
  bool stopped_ = false;
};

}  // namespace tas::test
