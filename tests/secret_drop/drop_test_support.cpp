#include "drop_test_support.hpp"

#include <fstream>
#include <regex>

#include "loopback.hpp"
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <tas/core/unique_fd.hpp>
#include <tas/secret_drop/drop_server.hpp>

namespace tas::test {
namespace {

// "http://127.0.0.1:4711/drop/x" → {"http://127.0.0.1:4711", "/drop/x"}
std::pair<std::string, std::string> split(const std::string& url) {
  static const std::regex kUrl(R"(^(http://[^/]+)(/.*)?$)");
  std::smatch match;
  if (!std::regex_match(url, match, kUrl)) {
    ADD_FAILURE() << "not an http URL: " << url;
    return {};
  }
  return {match[1].str(), match[2].matched ? match[2].str() : "/"};
}

std::string percent_encode(const std::string& text) {
  std::string encoded;
  for (const unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      encoded.push_back(static_cast<char>(c));
    } else {
      encoded += fmt::format("%{:02X}", c);
    }
  }
  return encoded;
}

}  // namespace

std::string Page::header(const std::string& name) const {
  const auto found = headers.find(name);
  return found == headers.end() ? std::string() : found->second;
}

Page send(const std::string& method, const std::string& url, const std::string& body,
          const std::string& content_type, const httplib::Headers& headers) {
  const auto [base, path] = split(url);
  httplib::Client client(base);
  client.set_connection_timeout(std::chrono::seconds(5));
  client.set_read_timeout(std::chrono::seconds(10));
  httplib::Result result{nullptr, httplib::Error::Unknown};
  if (method == "GET") {
    result = client.Get(path.c_str(), headers);
  } else if (method == "POST") {
    result = client.Post(path.c_str(), headers, body, content_type.c_str());
  } else if (method == "PUT") {
    result = client.Put(path.c_str(), headers, body, content_type.c_str());
  } else if (method == "DELETE") {
    result = client.Delete(path.c_str(), headers);
  } else if (method == "HEAD") {
    result = client.Head(path.c_str(), headers);
  } else {
    ADD_FAILURE() << "unsupported method " << method;
  }
  Page page;
  if (!result) return page;
  page.status = result->status;
  page.body = result->body;
  page.headers = result->headers;
  return page;
}

Page get_page(const std::string& url, const httplib::Headers& headers) {
  return send("GET", url, {}, {}, headers);
}

std::string form_encode(const FormFields& fields) {
  std::string body;
  for (const auto& [name, value] : fields) {
    if (!body.empty()) body += '&';
    body += percent_encode(name) + "=" + percent_encode(value);
  }
  return body;
}

Page post_form(const std::string& url, const FormFields& fields) {
  return send("POST", url, form_encode(fields), "application/x-www-form-urlencoded");
}

std::string raw_exchange(int port, const std::string& request) {
  const UniqueFd fd = connect_to_loopback(port);
  if (!fd) {
    ADD_FAILURE() << "cannot connect to 127.0.0.1:" << port;
    return {};
  }
  if (::send(fd.get(), request.data(), request.size(), MSG_NOSIGNAL) !=
      static_cast<ssize_t>(request.size())) {
    ADD_FAILURE() << "cannot send the request";
    return {};
  }
  std::string answer;
  for (;;) {
    pollfd readable{.fd = fd.get(), .events = POLLIN, .revents = 0};
    if (::poll(&readable, 1, 5000) <= 0) break;
    char buffer[4096];
    const ssize_t got = ::recv(fd.get(), buffer, sizeof(buffer), 0);
    if (got <= 0) break;
    answer.append(buffer, static_cast<std::size_t>(got));
  }
  return answer;
}

std::string csrf_of(const std::string& html) {
  static const std::regex kCsrf(R"re(<input type="hidden" name="csrf" value="([^"]*)">)re");
  std::smatch match;
  return std::regex_search(html, match, kCsrf) ? match[1].str() : std::string();
}

std::string drop_url_in(std::string_view text) {
  static const std::regex kLink(R"(http://127\.0\.0\.1:\d+/drop/drop-[0-9a-f]{32})");
  std::match_results<std::string_view::const_iterator> match;
  return std::regex_search(text.begin(), text.end(), match, kLink) ? match[0].str() : std::string();
}

std::string id_of(const std::string& url) {
  return url.substr(url.rfind('/') + 1);
}

Page submit_form(const std::string& url, const std::string& value) {
  const Page form = get_page(url);
  EXPECT_EQ(form.status, 200) << form.body;
  return post_form(url, {{"csrf", csrf_of(form.body)}, {"value", value}});
}

void expect_security_headers(const Page& page, std::string_view context) {
  EXPECT_NE(page.status, 0) << context << ": no answer";
  EXPECT_EQ(page.header("Cache-Control"), "no-store") << context;
  EXPECT_EQ(page.header("X-Frame-Options"), "DENY") << context;
  EXPECT_EQ(page.header("X-Content-Type-Options"), "nosniff") << context;
  EXPECT_EQ(page.header("Referrer-Policy"), "no-referrer") << context;
  EXPECT_EQ(page.header("Content-Security-Policy"), secret_drop::DropServer::kContentSecurityPolicy)
      << context;
  const std::string csp = page.header("Content-Security-Policy");
  EXPECT_NE(csp.find("default-src 'none'"), std::string::npos) << context;
  EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << context;
  EXPECT_EQ(csp.find("script-src"), std::string::npos) << context;
}

void HookedProgress::waiting(std::string_view what, std::chrono::milliseconds waited,
                             std::chrono::milliseconds budget) {
  std::lock_guard lock(mutex_);
  text_ += fmt::format("waiting for {} ({} ms of {} ms)\n", what, waited.count(), budget.count());
  ++waiting_lines_;
}

void HookedProgress::note(std::string_view line) {
  {
    std::lock_guard lock(mutex_);
    text_ += std::string(line) + "\n";
  }
  if (on_note_) on_note_(line);
}

std::string HookedProgress::text() const {
  std::lock_guard lock(mutex_);
  return text_;
}

int HookedProgress::waiting_lines() const {
  std::lock_guard lock(mutex_);
  return waiting_lines_;
}

secret_drop::DropServerOptions server_options(std::filesystem::path api_token_file,
                                              std::shared_ptr<Clock> clock) {
  secret_drop::DropServerOptions options;
  options.api_token_file = std::move(api_token_file);
  options.clock = std::move(clock);
  return options;
}

}  // namespace tas::test
