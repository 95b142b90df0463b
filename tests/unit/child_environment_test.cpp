#include <algorithm>

#include <gtest/gtest.h>

#include <tas/core/child_environment.hpp>

namespace tas {
namespace {

bool has(const std::vector<std::string>& environment, const std::string& entry) {
  return std::find(environment.begin(), environment.end(), entry) != environment.end();
}

bool has_name(const std::vector<std::string>& environment, const std::string& name) {
  return std::any_of(environment.begin(), environment.end(),
                     [&](const std::string& entry) { return entry.starts_with(name + "="); });
}

const std::vector<std::string> kParent = {
    "PATH=/usr/bin",    "HOME=/home/u",
    "LANG=C.UTF-8",     "SSH_AUTH_SOCK=/run/agent",
    "NODE_OPTIONS=--x", "GITHUB_TOKEN=ghp_abcdefghijABCDEFGHIJ0123456789abcdef"};

TEST(ChildEnvironment, IsolatedByDefaultInsideTheHome) {
  EnvironmentSpec spec;
  const auto environment = child_environment(spec, Placeholders(), "/t/home", kParent);
  EXPECT_TRUE(has(environment, "HOME=/t/home"));
  EXPECT_TRUE(has(environment, "XDG_CONFIG_HOME=/t/home/.config"));
  EXPECT_TRUE(has(environment, "XDG_CACHE_HOME=/t/home/.cache"));
  EXPECT_TRUE(has(environment, "XDG_DATA_HOME=/t/home/.local/share"));
  EXPECT_TRUE(has(environment, "XDG_STATE_HOME=/t/home/.local/state"));
  EXPECT_TRUE(has(environment, "TMPDIR=/t/home/tmp"));
  EXPECT_TRUE(has(environment, "PATH=/usr/bin"));
  EXPECT_TRUE(has(environment, "LANG=C.UTF-8"));
  EXPECT_FALSE(has_name(environment, "SSH_AUTH_SOCK"));
  EXPECT_FALSE(has_name(environment, "NODE_OPTIONS"));
  EXPECT_FALSE(has_name(environment, "GITHUB_TOKEN"));
}

TEST(ChildEnvironment, AllowListSetEntriesAndPathDirectories) {
  EnvironmentSpec spec;
  spec.allow = {"NODE_OPTIONS"};
  spec.set = {{"LD_PRELOAD", "{dist}/redirect.so"}, {"TELEGRAM_API", "{telegram_api}"}};
  spec.path_prepend = {"{dist}/stand-ins"};
  Placeholders values;
  values.set("dist", "/t/home/dist").set("telegram_api", "http://127.0.0.1:9");
  const auto environment = child_environment(spec, values, "/t/home", kParent);
  EXPECT_TRUE(has(environment, "NODE_OPTIONS=--x"));
  EXPECT_TRUE(has(environment, "LD_PRELOAD=/t/home/dist/redirect.so"));
  EXPECT_TRUE(has(environment, "TELEGRAM_API=http://127.0.0.1:9"));
  EXPECT_TRUE(has(environment, "PATH=/t/home/dist/stand-ins:/usr/bin"));
}

TEST(ChildEnvironment, NotIsolatedInheritsAllButSecrets) {
  EnvironmentSpec spec;
  spec.isolate = false;
  const auto environment = child_environment(spec, Placeholders(), "/t/home", kParent);
  EXPECT_TRUE(has(environment, "HOME=/home/u"));
  EXPECT_TRUE(has(environment, "SSH_AUTH_SOCK=/run/agent"));
  EXPECT_FALSE(has_name(environment, "GITHUB_TOKEN"));
}

}  // namespace
}  // namespace tas
