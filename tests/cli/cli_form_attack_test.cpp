// The one-time form of `test-as-self secret request`, under attack over real HTTP: each hostile
// request is refused, nothing it sent is echoed or stored, and the form still works afterwards for
// the operator it was opened for.
#include <algorithm>
#include <functional>

#include "cli_process.hpp"
#include "drop_test_support.hpp"
#include "files.hpp"
#include "processes.hpp"
#include <gtest/gtest.h>

namespace tas::test {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kCanary = "7300000042:CanaryCANARYcanaryCANARYcanary_x9Q";
constexpr std::string_view kCanarySecret = "CanaryCANARYcanaryCANARYcanary_x9Q";

struct FormAttack {
  std::string name;
  // Sends the attack to the form at `url` (served on `port`) and returns the answer's status.
  std::function<int(const std::string& url, int port)> send;
  std::vector<int> statuses;  // any of these is right
};

void PrintTo(const FormAttack& attack, std::ostream* out) {
  *out << attack.name;
}

// "HTTP/1.1 421 Misdirected Request\r\n…" → 421; 0 when nothing came back.
int status_of(const std::string& raw) {
  return raw.size() > 12 && raw.starts_with("HTTP/1.") ? std::atoi(raw.c_str() + 9) : 0;
}

std::string path_of(const std::string& url) {
  return url.substr(url.find('/', 8));
}

int raw_get(int port, const std::string& path, const std::string& host_lines) {
  return status_of(raw_exchange(
      port, "GET " + path + " HTTP/1.1\r\n" + host_lines + "Connection: close\r\n\r\n"));
}

std::vector<FormAttack> form_attacks() {
  const std::string canary(kCanary);
  std::vector<FormAttack> attacks;
  for (const char* host : {"evil.example", "evil.example:80", "localhost", "127.0.0.1",
                           "127.0.0.2:@port", "[::1]:@port", "127.0.0.1:@port.evil.example"}) {
    attacks.push_back({std::string("host ") + host,
                       [host](const std::string& url, int port) {
                         std::string name = host;
                         if (const auto at = name.find("@port"); at != std::string::npos)
                           name.replace(at, 5, std::to_string(port));
                         return raw_get(port, path_of(url), "Host: " + name + "\r\n");
                       },
                       {400, 421}});
  }
  attacks.push_back(
      {"no host header",
       [](const std::string& url, int port) { return raw_get(port, path_of(url), ""); },
       {400, 421}});
  attacks.push_back({"two host headers",
                     [](const std::string& url, int port) {
                       return raw_get(port, path_of(url),
                                      "Host: 127.0.0.1:" + std::to_string(port) +
                                          "\r\nHost: evil.example\r\n");
                     },
                     {400, 421}});
  attacks.push_back({"post from a rebound name",
                     [canary](const std::string& url, int port) {
                       const std::string body = form_encode({{"csrf", "x"}, {"value", canary}});
                       return status_of(raw_exchange(
                           port, "POST " + path_of(url) +
                                     " HTTP/1.1\r\nHost: evil.example\r\nContent-Type: "
                                     "application/x-www-form-urlencoded\r\nContent-Length: " +
                                     std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" +
                                     body));
                     },
                     {400, 421}});
  attacks.push_back({"post without csrf",
                     [canary](const std::string& url, int) {
                       return post_form(url, {{"value", canary}}).status;
                     },
                     {400, 403}});
  attacks.push_back(
      {"post with a forged csrf",
       [canary](const std::string& url, int) {
         return post_form(url, {{"csrf", std::string(64, 'a')}, {"value", canary}}).status;
       },
       {403}});
  attacks.push_back(
      {"post over the size limit",
       [](const std::string& url, int) {
         const std::string csrf = csrf_of(get_page(url).body);
         return post_form(url, {{"csrf", csrf}, {"value", std::string(64 * 1024, 'v')}}).status;
       },
       {413}});
  attacks.push_back(
      {"post as json",
       [canary](const std::string& url, int) {
         return send("POST", url, R"({"value":")" + canary + "\"}", "application/json").status;
       },
       {400, 403, 415}});
  attacks.push_back({"another drop id",
                     [](const std::string& url, int) {
                       return get_page(url.substr(0, url.rfind('/') + 1) +
                                       "drop-0123456789abcdef0123456789abcdef")
                           .status;
                     },
                     {404}});
  attacks.push_back({"path traversal",
                     [](const std::string&, int port) {
                       return raw_get(port, "/drop/../../etc/passwd",
                                      "Host: 127.0.0.1:" + std::to_string(port) + "\r\n");
                     },
                     {400, 404}});
  attacks.push_back(
      {"put", [](const std::string& url, int) { return send("PUT", url, "x").status; }, {405}});
  attacks.push_back(
      {"delete", [](const std::string& url, int) { return send("DELETE", url).status; }, {405}});
  attacks.push_back({"blank value",
                     [](const std::string& url, int) {
                       const std::string csrf = csrf_of(get_page(url).body);
                       return post_form(url, {{"csrf", csrf}, {"value", "   "}}).status;
                     },
                     {400}});
  return attacks;
}

class FormUnderAttack : public ::testing::TestWithParam<FormAttack> {};

TEST_P(FormUnderAttack, IsRefusedEchoesNothingStoresNothingAndStillServesTheOperator) {
  CliSandbox sandbox;
  sandbox.start({"secret", "request", "--label", "attacked", "--timeout-s", "60"});
  std::string url;
  ASSERT_TRUE(eventually(
      [&] {
        url = drop_url_in(read_text(sandbox.root() / "cli.err"));
        return !url.empty();
      },
      std::chrono::seconds(20)))
      << read_text(sandbox.root() / "cli.err");
  const int port = std::atoi(url.c_str() + url.rfind(':') + 1);
  const int status = GetParam().send(url, port);
  EXPECT_NE(std::find(GetParam().statuses.begin(), GetParam().statuses.end(), status),
            GetParam().statuses.end())
      << GetParam().name << ": HTTP " << status;

  EXPECT_EQ(submit_form(url, "the-operators-value").status, 200) << GetParam().name;
  const CliResult result = sandbox.finish(std::chrono::seconds(20));
  EXPECT_EQ(result.code(), 0) << result.err;
  EXPECT_EQ(result.out, id_of(url) + "\n");
  const std::string everything = result.out + result.err;
  for (std::size_t at = 0; at + 8 <= kCanarySecret.size(); ++at)
    ASSERT_EQ(everything.find(kCanarySecret.substr(at, 8)), std::string::npos) << result.err;
  std::size_t drops = 0;
  for (const auto& entry : fs::directory_iterator(sandbox.store())) {
    drops += 1;
    EXPECT_EQ(read_text(entry.path()).find(kCanarySecret.substr(0, 12)), std::string::npos)
        << "the attack's value was stored";
  }
  EXPECT_EQ(drops, 1u);
}

std::string attack_name(const ::testing::TestParamInfo<FormAttack>& info) {
  std::string name = std::to_string(info.index) + "_" + info.param.name;
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Attacks, FormUnderAttack, ::testing::ValuesIn(form_attacks()),
                         attack_name);

}  // namespace
}  // namespace tas::test
