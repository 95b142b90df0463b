#pragma once

#include <chrono>
#include <stdexcept>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace tas::test {

// A WebDriver command failed: the HTTP status, the W3C error code and chromedriver's message.
class WebDriverError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A client of the W3C WebDriver HTTP protocol (https://www.w3.org/TR/webdriver2/), spoken to
// chromedriver with tas::http_request: no Selenium, no npm.
class WebDriver {
 public:
  explicit WebDriver(std::string base_url) : base_url_(std::move(base_url)) {}

  // `method` on `path`, with `body` as JSON (null: none). Returns the answer's "value"; throws
  // WebDriverError when the answer is an error or no answer came within `timeout`.
  nlohmann::json call(std::string_view method, const std::string& path,
                      const nlohmann::json& body = nullptr,
                      std::chrono::milliseconds timeout = std::chrono::seconds(30)) const;

  // GET /status says "ready" (false while it does not answer at all).
  [[nodiscard]] bool ready() const;

  [[nodiscard]] const std::string& base_url() const { return base_url_; }

 private:
  std::string base_url_;
};

// One browser session (one Chromium): created by the constructor, quit by the destructor or
// quit().
class BrowserSession {
 public:
  BrowserSession(const WebDriver& driver, const nlohmann::json& capabilities);
  ~BrowserSession();
  BrowserSession(const BrowserSession&) = delete;
  BrowserSession& operator=(const BrowserSession&) = delete;

  void quit();

  void navigate(const std::string& url) const;
  void back() const;
  [[nodiscard]] std::string title() const;
  // Waits (bounded, by looking again every few milliseconds) until the title is `expected`;
  // returns whether it became so.
  bool wait_for_title(std::string_view expected, std::chrono::milliseconds timeout) const;

  // The element's ID for the first match of a CSS selector; throws WebDriverError when none.
  [[nodiscard]] std::string find(const std::string& css) const;
  [[nodiscard]] bool exists(const std::string& css) const;
  [[nodiscard]] std::string attribute(const std::string& element, const std::string& name) const;
  [[nodiscard]] std::string text(const std::string& element) const;
  void send_keys(const std::string& element, const std::string& keys) const;
  void click(const std::string& element) const;

  // Runs `script` (a function body) in the page; returns its result.
  nlohmann::json execute(const std::string& script,
                         const nlohmann::json& args = nlohmann::json::array()) const;

  // A new tab (not focused) and switching between tabs.
  [[nodiscard]] std::string new_tab() const;
  [[nodiscard]] std::string current_tab() const;
  void switch_to(const std::string& handle) const;

 private:
  [[nodiscard]] std::string session_path(std::string_view rest) const;

  const WebDriver& driver_;
  std::string id_;
};

}  // namespace tas::test
