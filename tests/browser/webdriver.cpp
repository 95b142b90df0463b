#include "webdriver.hpp"

#include "processes.hpp"
#include <fmt/format.h>

#include <tas/backends/http_client.hpp>

namespace tas::test {
namespace {

// The W3C name of the key that holds an element's ID in an answer.
constexpr std::string_view kElementKey = "element-6066-11e4-a52e-4f735466cecf";

}  // namespace

nlohmann::json WebDriver::call(std::string_view method, const std::string& path,
                               const nlohmann::json& body,
                               std::chrono::milliseconds timeout) const {
  HttpRequest request;
  request.method = std::string(method);
  request.url = base_url_ + path;
  request.timeout = timeout;
  if (method != "GET" && method != "DELETE") {
    request.headers.emplace_back("Content-Type", "application/json; charset=utf-8");
    request.body = body.is_null() ? "{}" : body.dump();
  }
  const HttpResponse response = http_request(request);
  if (response.status == 0) {
    throw WebDriverError(
        fmt::format("{} {}: no answer from chromedriver: {}", method, path, response.error));
  }
  const auto answer = nlohmann::json::parse(response.body, nullptr, false);
  if (!answer.is_object() || !answer.contains("value")) {
    throw WebDriverError(fmt::format("{} {}: HTTP {} with a body that is not WebDriver's: {}",
                                     method, path, response.status, response.body.substr(0, 300)));
  }
  const auto& value = answer["value"];
  if (response.status >= 400 || (value.is_object() && value.contains("error"))) {
    throw WebDriverError(fmt::format("{} {}: HTTP {}: {}: {}", method, path, response.status,
                                     value.value("error", "?"),
                                     value.value("message", "").substr(0, 300)));
  }
  return value;
}

bool WebDriver::ready() const {
  HttpRequest request;
  request.url = base_url_ + "/status";
  request.timeout = std::chrono::seconds(2);
  const HttpResponse response = http_request(request);
  if (response.status != 200) return false;
  const auto answer = nlohmann::json::parse(response.body, nullptr, false);
  return answer.is_object() && answer.contains("value") && answer["value"].is_object() &&
         answer["value"].value("ready", false);
}

BrowserSession::BrowserSession(const WebDriver& driver, const nlohmann::json& capabilities)
    : driver_(driver) {
  const auto value =
      driver_.call("POST", "/session", {{"capabilities", {{"alwaysMatch", capabilities}}}},
                   std::chrono::seconds(60));
  id_ = value.at("sessionId").get<std::string>();
  // Bounded page loads and scripts: a hung page fails the test instead of hanging it.
  driver_.call("POST", session_path("/timeouts"),
               {{"pageLoad", 20000}, {"script", 10000}, {"implicit", 0}});
}

BrowserSession::~BrowserSession() {
  try {
    quit();
  } catch (const std::exception&) {
    // Ending chromedriver ends the browser too; the test's own check finds anything left.
  }
}

void BrowserSession::quit() {
  if (id_.empty()) return;
  const std::string path = session_path("");
  id_.clear();
  driver_.call("DELETE", path);
}

std::string BrowserSession::session_path(std::string_view rest) const {
  return fmt::format("/session/{}{}", id_, rest);
}

void BrowserSession::navigate(const std::string& url) const {
  driver_.call("POST", session_path("/url"), {{"url", url}});
}

void BrowserSession::back() const {
  driver_.call("POST", session_path("/back"), nlohmann::json::object());
}

std::string BrowserSession::title() const {
  return driver_.call("GET", session_path("/title")).get<std::string>();
}

bool BrowserSession::wait_for_title(std::string_view expected,
                                    std::chrono::milliseconds timeout) const {
  return eventually([&] { return title() == expected; }, timeout);
}

std::string BrowserSession::find(const std::string& css) const {
  const auto value =
      driver_.call("POST", session_path("/element"), {{"using", "css selector"}, {"value", css}});
  return value.at(std::string(kElementKey)).get<std::string>();
}

bool BrowserSession::exists(const std::string& css) const {
  const auto value =
      driver_.call("POST", session_path("/elements"), {{"using", "css selector"}, {"value", css}});
  return value.is_array() && !value.empty();
}

std::string BrowserSession::attribute(const std::string& element, const std::string& name) const {
  const auto value =
      driver_.call("GET", session_path(fmt::format("/element/{}/attribute/{}", element, name)));
  return value.is_string() ? value.get<std::string>() : std::string();
}

std::string BrowserSession::text(const std::string& element) const {
  return driver_.call("GET", session_path(fmt::format("/element/{}/text", element)))
      .get<std::string>();
}

void BrowserSession::send_keys(const std::string& element, const std::string& keys) const {
  driver_.call("POST", session_path(fmt::format("/element/{}/value", element)), {{"text", keys}});
}

void BrowserSession::click(const std::string& element) const {
  driver_.call("POST", session_path(fmt::format("/element/{}/click", element)),
               nlohmann::json::object());
}

nlohmann::json BrowserSession::execute(const std::string& script,
                                       const nlohmann::json& args) const {
  return driver_.call("POST", session_path("/execute/sync"), {{"script", script}, {"args", args}});
}

std::string BrowserSession::new_tab() const {
  return driver_.call("POST", session_path("/window/new"), {{"type", "tab"}})
      .at("handle")
      .get<std::string>();
}

std::string BrowserSession::current_tab() const {
  return driver_.call("GET", session_path("/window")).get<std::string>();
}

void BrowserSession::switch_to(const std::string& handle) const {
  driver_.call("POST", session_path("/window"), {{"handle", handle}});
}

}  // namespace tas::test
