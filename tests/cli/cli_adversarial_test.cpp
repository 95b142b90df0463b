// The adversarial suite: bad input of every kind on the real binary, table-driven. Each case sets
// up what an adversary (or a careless user) would hand the command — targets, argv, profiles, the
// secret store, report paths — and asserts the exit code, a one-line message that names the
// problem and says what to do, that no secret is echoed anywhere (stdout, stderr, any report),
// and that nothing outside the state directory's own records changed: the scratch HOME, the
// canonical agent home, a protected directory, the target's parent and the filesystem root.
//
// Longer than the project's files usually are, on purpose: the cases are one table, read top to
// bottom as the list of what the command refuses, and the checks that every case shares sit
// beside it.
#include <algorithm>
#include <fstream>
#include <functional>
#include <regex>

#include "cli_process.hpp"
#include "files.hpp"
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <tas/engine/report.hpp>

namespace tas::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// A canary bot token: no case may print or record any 8-character piece of its secret part.
constexpr std::string_view kCanary = "7300000042:CanaryCANARYcanaryCANARYcanary_x9Q";
constexpr std::string_view kCanarySecret = "CanaryCANARYcanaryCANARYcanary_x9Q";

// Where a case may put things: a scratch world the command must leave as it found it.
struct World {
  fs::path home;       // the command's HOME
  fs::path work;       // its current directory, and the parent of most targets
  fs::path state;      // its state directory
  fs::path canonical;  // the reference agent's canonical home, holding the agent's state
  fs::path guarded;    // a directory passed with --protect
};

struct Case;
void PrintTo(const Case& c, std::ostream* out);

struct Case {
  std::string name;
  // Creates what the case needs in `world` and returns the arguments.
  std::function<std::vector<std::string>(const World&)> setup;
  int exit_code;
  std::vector<std::string> message_has;  // each must appear in stderr
};

void PrintTo(const Case& c, std::ostream* out) {
  *out << c.name;
}

std::string write(const fs::path& file, std::string_view content) {
  fs::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary | std::ios::trunc) << content;
  return file.string();
}

std::string fifo(const fs::path& file) {
  fs::create_directories(file.parent_path());
  EXPECT_EQ(::mkfifo(file.c_str(), 0600), 0) << file;
  return file.string();
}

std::string unix_socket(const fs::path& file) {
  const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::snprintf(address.sun_path, sizeof(address.sun_path), "%s", file.c_str());
  EXPECT_EQ(::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof(address)), 0) << file;
  ::close(fd);
  return file.string();
}

json reference_profile() {
  return read_json(kReferenceProfile);
}

// The reference profile, absolute dist, with `edit` applied, as a file in work.
std::function<std::vector<std::string>(const World&)> profile_case(
    std::function<void(json&)> edit, std::vector<std::string> more = {}) {
  return [edit, more](const World& world) {
    json profile = reference_profile();
    profile["dist"] = (fs::path(kReferenceProfile).parent_path() / "dist").string();
    edit(profile);
    std::vector<std::string> args = {"--profile",
                                     write(world.work / "profile.json", profile.dump(2)),
                                     "--no-roundtrip", "--target", (world.work / "t").string()};
    args.insert(args.end(), more.begin(), more.end());
    return args;
  };
}

// A profile file with exactly this text.
std::function<std::vector<std::string>(const World&)> profile_text(std::string text) {
  return [text](const World& world) {
    return std::vector<std::string>{"--profile", write(world.work / "profile.json", text),
                                    "--no-roundtrip", "--target", (world.work / "t").string()};
  };
}

std::function<std::vector<std::string>(const World&)> target(std::string path) {
  return [path](const World&) {
    return std::vector<std::string>{"--no-roundtrip", "--target", path};
  };
}

std::function<std::vector<std::string>(const World&)> args(std::vector<std::string> given) {
  return [given](const World& world) {
    std::vector<std::string> out = given;
    for (std::string& arg : out) {
      // "@work" in a case's argument stands for the scratch work directory.
      if (const auto at = arg.find("@work"); at != std::string::npos)
        arg.replace(at, 5, world.work.string());
    }
    return out;
  };
}

std::vector<Case> target_cases() {
  std::vector<Case> cases;
  for (const char* system : {"/",           "/proc",          "/proc/1",
                             "/dev",        "/dev/null",      "/dev/shm/x",
                             "/sys",        "/sys/kernel/x",  "/etc",
                             "/etc/tas-x",  "/usr",           "/usr/local/tas-x",
                             "/var",        "/var/lib/tas-x", "/var/log/tas-x",
                             "/bin/tas-x",  "/lib/tas-x",     "/boot",
                             "/boot/tas-x", "/run",           "/run/lock/tas-x",
                             "/var/tmp",    "/home",          "/opt",
                             "/srv",        "/mnt",           "/media",
                             "/root",       "/sbin",          "/tmp/x/../.."}) {
    cases.push_back({std::string("system:") + system, target(system), 11, {"refusing target"}});
  }
  cases.push_back({"home itself",
                   [](const World& w) {
                     return std::vector<std::string>{"--target", w.home.string()};
                   },
                   11,
                   {"your home directory"}});
  cases.push_back({"home with slash",
                   [](const World& w) {
                     return std::vector<std::string>{"--target", w.home.string() + "/"};
                   },
                   11,
                   {"your home directory"}});
  cases.push_back({"above home",
                   [](const World& w) {
                     return std::vector<std::string>{"--target", w.home.parent_path().string()};
                   },
                   11,
                   {"contains your home directory"}});
  cases.push_back({"canonical home",
                   [](const World& w) {
                     return std::vector<std::string>{"--target", w.canonical.string()};
                   },
                   11,
                   {"canonical agent home"}});
  cases.push_back({"inside canonical",
                   [](const World& w) {
                     return std::vector<std::string>{"--target", (w.canonical / "x").string()};
                   },
                   11,
                   {"inside the canonical agent home"}});
  cases.push_back({"dotdot to canonical",
                   [](const World& w) {
                     return std::vector<std::string>{
                         "--target", (w.work / "../home/.reference-agent").string()};
                   },
                   11,
                   {"canonical agent home"}});
  cases.push_back({"symlink to canonical",
                   [](const World& w) {
                     fs::create_directory_symlink(w.canonical, w.work / "link");
                     return std::vector<std::string>{"--target", (w.work / "link").string()};
                   },
                   11,
                   {"resolves to"}});
  cases.push_back({"dangling symlink to canonical sub",
                   [](const World& w) {
                     fs::create_directory_symlink(w.canonical / "not-yet", w.work / "dangling");
                     return std::vector<std::string>{"--target", (w.work / "dangling").string()};
                   },
                   11,
                   {"canonical agent home"}});
  cases.push_back({"protected dir",
                   [](const World& w) {
                     return std::vector<std::string>{"--protect", w.guarded.string(), "--target",
                                                     w.guarded.string()};
                   },
                   11,
                   {"a protected path"}});
  cases.push_back({"inside protected",
                   [](const World& w) {
                     return std::vector<std::string>{"--protect", w.guarded.string(), "--target",
                                                     (w.guarded / "new").string()};
                   },
                   11,
                   {"inside a protected path"}});
  cases.push_back({"above protected",
                   [](const World& w) {
                     return std::vector<std::string>{"--protect", (w.work / "guarded").string(),
                                                     "--target", w.work.string()};
                   },
                   11,
                   {"contains a protected path"}});
  cases.push_back({"protected name", target("/tmp/tas-adv/bob/run"), 11, {"named 'bob'"}});
  cases.push_back({"protected name any case", target("/tmp/tas-adv/BOB"), 11, {"named 'bob'"}});
  cases.push_back({"state directory",
                   [](const World& w) {
                     return std::vector<std::string>{"--target", w.state.string()};
                   },
                   11,
                   {"a protected path"}});
  cases.push_back(
      {"secret store",
       [](const World& w) {
         return std::vector<std::string>{"--target", (w.state / "secret-drop").string()};
       },
       11,
       {"a protected path"}});
  cases.push_back({"process records",
                   [](const World& w) {
                     return std::vector<std::string>{"--target", (w.state / "runs/x").string()};
                   },
                   11,
                   {"inside a protected path"}});
  cases.push_back({"a file",
                   [](const World& w) {
                     return std::vector<std::string>{"--target", write(w.work / "file", "data")};
                   },
                   11,
                   {"is a regular file"}});
  cases.push_back({"a fifo",
                   [](const World& w) {
                     return std::vector<std::string>{"--target", fifo(w.work / "fifo")};
                   },
                   11,
                   {"is a FIFO"}});
  cases.push_back({"a socket",
                   [](const World& w) {
                     return std::vector<std::string>{"--target", unix_socket(w.work / "sock")};
                   },
                   11,
                   {"is a socket"}});
  cases.push_back({"symlink loop",
                   [](const World& w) {
                     fs::create_symlink("b", w.work / "a");
                     fs::create_symlink("a", w.work / "b");
                     return std::vector<std::string>{"--target", (w.work / "a").string()};
                   },
                   11,
                   {"cannot be resolved"}});
  cases.push_back({"below a symlink loop",
                   [](const World& w) {
                     fs::create_symlink("self", w.work / "self");
                     return std::vector<std::string>{"--target", (w.work / "self/x").string()};
                   },
                   11,
                   {"symlink loop"}});
  cases.push_back(
      {"missing parents",
       [](const World& w) {
         // Inside the test's own scratch directory: a fixed path under /tmp could
         // have been created by any earlier run on the machine.
         return std::vector<std::string>{"--target", (w.work / "missing/a/b/c/h").string()};
       },
       11,
       {"does not exist", "create the parent first"}});
  cases.push_back(
      {"relative missing parents", args({"--target", "a/b/c"}), 11, {"does not exist"}});
  cases.push_back({"parent is a file",
                   [](const World& w) {
                     write(w.work / "f", "x");
                     return std::vector<std::string>{"--target", (w.work / "f/h").string()};
                   },
                   11,
                   {"Not a directory"}});
  cases.push_back({"occupied",
                   [](const World& w) {
                     write(w.work / "occ/notes.txt", "mine");
                     return std::vector<std::string>{"--target", (w.work / "occ").string()};
                   },
                   11,
                   {"not empty"}});
  cases.push_back({"forged marker",
                   [](const World& w) {
                     write(w.work / "g/.test-as-self-home", "{}");
                     write(w.work / "g/thesis.tex", "four years");
                     return std::vector<std::string>{"--target", (w.work / "g").string()};
                   },
                   11,
                   {"proves nothing"}});
  cases.push_back({"forged marker with a run id",
                   [](const World& w) {
                     write(w.work / "g/.test-as-self-home",
                           R"({"tool":"test-as-self","run_id":"1-2-3"})");
                     write(w.work / "g/thesis.tex", "four years");
                     return std::vector<std::string>{"--target", (w.work / "g").string()};
                   },
                   11,
                   {"proves nothing"}});
  cases.push_back({"marker is a fifo",
                   [](const World& w) {
                     fs::create_directories(w.work / "g");
                     fifo(w.work / "g/.test-as-self-home");
                     return std::vector<std::string>{"--target", (w.work / "g").string()};
                   },
                   11,
                   {"holds no marker"}});
  cases.push_back({"tilde user", target("~nobody/x"), 11, {"only a shell expands"}});
  cases.push_back({"empty target", target(""), 11, {"empty target"}});
  cases.push_back({"target is a device", target("/dev/zero"), 11, {"system directory /dev"}});
  cases.push_back(
      {"newline in target", target("/tmp/tas-adv\nx/../../etc"), 11, {"refusing target"}});
  cases.push_back({"dotdot escape from work",
                   args({"--target", "@work/../../../../../etc/x"}),
                   11,
                   {"system directory /etc"}});
  cases.push_back(
      {"name too long",
       [](const World& w) {
         return std::vector<std::string>{"--target", (w.work / std::string(300, 'n')).string()};
       },
       11,
       {"refusing target"}});
  return cases;
}

std::vector<Case> argv_cases() {
  std::vector<Case> cases;
  for (const char* value :
       {"abc", "-1", "0", "86401", "1e3", "5s", " 5", "99999999999999999999", "0x10", ""}) {
    cases.push_back({std::string("timeout:") + value,
                     args({"--timeout-s", value}),
                     64,
                     {"--timeout-s expects a whole number"}});
  }
  for (const char* option : {"--no-such-option", "-x", "--targe", "--keep=maybe"}) {
    cases.push_back({std::string("option:") + option, args({option}), 64, {"--help"}});
  }
  cases.push_back({"missing value", args({"--target"}), 64, {"--target"}});
  cases.push_back({"judge mode", args({"--judge", "sometimes"}), 64, {"--judge"}});
  cases.push_back({"judge without config",
                   args({"--judge", "veto", "--target", "@work/t"}),
                   64,
                   {"--judge-config"}});
  cases.push_back({"positional", args({"extra-argument"}), 64, {"extra-argument"}});
  for (const char* empty : {"--report-json", "--profile", "--secret-store", "--judge-config",
                            "--canonical-home", "--protect"}) {
    cases.push_back({std::string("empty:") + empty,
                     args({empty, "", "--target", "@work/t"}),
                     64,
                     {"expects a path"}});
  }
  const std::string canary(kCanary);
  cases.push_back({"raw token as drop id", args({"--bot-token", canary}), 12, {"Secret Drop ID"}});
  cases.push_back({"raw token with =", args({"--bot-token=" + canary}), 12, {"Secret Drop ID"}});
  cases.push_back({"raw token as target",
                   args({"--target", "/tmp/" + canary}),
                   12,
                   {"Secrets must never be passed"}});
  cases.push_back(
      {"raw token anywhere", args({"--no-such", canary}), 12, {"Secrets must never be passed"}});
  cases.push_back({"github token",
                   args({"--target", "ghp_" + std::string(36, 'a')}),
                   12,
                   {"Secrets must never be passed"}});
  cases.push_back({"github pat",
                   args({"--protect", "github_pat_" + std::string(40, 'B')}),
                   12,
                   {"Secrets must never be passed"}});
  cases.push_back({"slack token",
                   args({"--target", "xoxb-1234567890-abcdefghijkl"}),
                   12,
                   {"Secrets must never be passed"}});
  cases.push_back({"openai key",
                   args({"--report-json", "sk-" + std::string(40, 'c')}),
                   12,
                   {"Secrets must never be passed"}});
  cases.push_back({"not a drop id",
                   args({"--bot-token", "hunter2-Correct-Horse-Battery-42"}),
                   64,
                   {"expects a Secret Drop ID"}});
  cases.push_back({"drop id path traversal",
                   args({"--bot-token", "../../etc/passwd"}),
                   64,
                   {"expects a Secret Drop ID"}});
  cases.push_back({"drop id upper case",
                   args({"--bot-token", "drop-0123456789ABCDEF0123456789ABCDEF"}),
                   64,
                   {"expects a Secret Drop ID"}});
  cases.push_back(
      {"unknown drop",
       args({"--bot-token", "drop-0123456789abcdef0123456789abcdef", "--target", "@work/t"}),
       1,
       {"no bot token"}});
  cases.push_back({"secret unknown action", args({"secret", "frobnicate"}), 64, {"frobnicate"}});
  cases.push_back({"secret show bad id",
                   args({"secret", "show", "../../x"}),
                   64,
                   {"expected a Secret Drop ID"}});
  cases.push_back({"secret rm unknown",
                   args({"secret", "rm", "drop-0123456789abcdef0123456789abcdef"}),
                   64,
                   {"test-as-self secret list"}});
  return cases;
}

std::vector<Case> profile_cases() {
  std::vector<Case> cases;
  cases.push_back(
      {"profile missing", args({"--profile", "@work/none.json"}), 64, {"cannot read the profile"}});
  cases.push_back({"profile directory", args({"--profile", "@work"}), 64, {"not a regular file"}});
  cases.push_back({"profile fifo",
                   [](const World& w) {
                     return std::vector<std::string>{"--profile", fifo(w.work / "p.fifo")};
                   },
                   64,
                   {"not a regular file"}});
  cases.push_back(
      {"profile /dev/zero", args({"--profile", "/dev/zero"}), 64, {"not a regular file"}});
  cases.push_back(
      {"profile /dev/null", args({"--profile", "/dev/null"}), 64, {"not a regular file"}});
  cases.push_back({"profile empty", profile_text(""), 64, {"not valid JSON"}});
  cases.push_back({"profile garbage",
                   profile_text(std::string("\x00\xff\xfe garbage", 12)),
                   64,
                   {"not valid JSON"}});
  cases.push_back({"profile unterminated secret",
                   profile_text("{\"name\": \"" + std::string(kCanary)),
                   64,
                   {"not valid JSON", "line"}});
  cases.push_back({"profile array", profile_text("[]"), 64, {"must be a JSON object"}});
  cases.push_back({"profile deep",
                   profile_text(std::string(50000, '[') + std::string(50000, ']')),
                   64,
                   {"nested"}});
  cases.push_back({"profile huge",
                   profile_text("{\"name\": \"" + std::string(3 << 20, 'x') + "\"}"),
                   64,
                   {"profile"}});
  cases.push_back({"deep initial config",
                   [](const World& w) {
                     json profile = reference_profile();
                     profile["config"]["initial"] = {{"deep", "@@"}};
                     std::string text = profile.dump();
                     text.replace(text.find("\"@@\""), 4,
                                  std::string(20000, '[') + std::string(20000, ']'));
                     return std::vector<std::string>{"--profile", write(w.work / "p.json", text),
                                                     "--target", (w.work / "t").string()};
                   },
                   64,
                   {"nested"}});
  cases.push_back({"server argv a string",
                   profile_case([](json& p) { p["server"]["argv"] = "reference-agent-server"; }),
                   64,
                   {"/server/argv: expected a non-empty array of strings"}});
  cases.push_back(
      {"unknown field", profile_case([](json& p) { p["profle"] = "x"; }), 64, {"profle"}});
  cases.push_back({"schema wrong",
                   profile_case([](json& p) { p["schema"] = "other/profile@9"; }),
                   64,
                   {"schema"}});
  cases.push_back({"name missing", profile_case([](json& p) { p.erase("name"); }), 64, {"name"}});
  cases.push_back({"token placeholder",
                   profile_case([](json& p) { p["server"]["argv"].push_back("{token}"); }),
                   64,
                   {"{token}"}});
  cases.push_back(
      {"raw secret in profile",
       profile_case([](json& p) { p["config"]["initial"]["apiKey"] = std::string(kCanary); }),
       64,
       {"free of secrets"}});
  cases.push_back({"secret-shaped env name",
                   profile_case([](json& p) {
                     p["environment"]["set"] = {{"ghp_" + std::string(36, 'z'), "1"}};
                   }),
                   64,
                   {"environment"}});
  cases.push_back(
      {"command timeout huge",
       profile_case([](json& p) { p["timeouts"]["command_s"] = 9223372036854775807LL; }),
       64,
       {"command_s"}});
  cases.push_back(
      {"stop grace huge",
       profile_case([](json& p) { p["timeouts"]["stop_grace_s"] = 9223372036854775807LL; }),
       64,
       {"stop_grace_s"}});
  cases.push_back({"command timeout negative",
                   profile_case([](json& p) { p["timeouts"]["command_s"] = -5; }),
                   64,
                   {"command_s"}});
  cases.push_back({"command timeout fractional",
                   profile_case([](json& p) { p["timeouts"]["command_s"] = 1.5; }),
                   64,
                   {"command_s"}});
  cases.push_back({"rebuild timeout string",
                   profile_case([](json& p) { p["rebuild"]["timeout_s"] = "60"; }),
                   64,
                   {"rebuild"}});
  cases.push_back({"no poll flag empty",
                   profile_case([](json& p) { p["server"]["no_poll_flag"] = ""; }),
                   64,
                   {"no_poll_flag"}});
  cases.push_back({"demotion lines equal",
                   profile_case([](json& p) {
                     p["demotion"]["no_poll_flag"] = p["demotion"]["lease_detected"];
                   }),
                   64,
                   {"demotion"}});
  cases.push_back({"unknown placeholder",
                   profile_case([](json& p) { p["server"]["argv"].push_back("{nonsense}"); }),
                   64,
                   {"nonsense"}});
  cases.push_back({"unterminated placeholder",
                   profile_case([](json& p) { p["server"]["argv"].push_back("{port"); }),
                   64,
                   {"template"}});
  cases.push_back({"config port with {port} in initial",
                   profile_case([](json& p) {
                     p["port"] = {{"source", "config"}, {"pointer", "/port"}};
                   }),
                   64,
                   {"{port}"}});
  cases.push_back({"port source unknown",
                   profile_case([](json& p) {
                     p["port"] = {{"source", "dice"}};
                   }),
                   64,
                   {"port"}});
  return cases;
}

std::vector<Case> store_and_report_cases() {
  std::vector<Case> cases;
  const std::string drop = "drop-0123456789abcdef0123456789abcdef";
  cases.push_back({"store is a file",
                   [drop](const World& w) {
                     return std::vector<std::string>{"--secret-store", write(w.work / "store", "x"),
                                                     "--bot-token",    drop,
                                                     "--target",       (w.work / "t").string()};
                   },
                   1,
                   {"store"}});
  cases.push_back({"store readable by others",
                   [drop](const World& w) {
                     fs::create_directories(w.work / "store");
                     fs::permissions(w.work / "store", fs::perms(0755));
                     return std::vector<std::string>{"--secret-store", (w.work / "store").string(),
                                                     "--bot-token",    drop,
                                                     "--target",       (w.work / "t").string()};
                   },
                   1,
                   {"0755"}});
  cases.push_back({"drop file is a fifo",
                   [drop](const World& w) {
                     fs::create_directories(w.work / "store");
                     fs::permissions(w.work / "store", fs::perms(0700));
                     fifo(w.work / "store" / (drop + ".json"));
                     return std::vector<std::string>{"--secret-store", (w.work / "store").string(),
                                                     "--bot-token",    drop,
                                                     "--target",       (w.work / "t").string()};
                   },
                   1,
                   {"not a regular file"}});
  cases.push_back({"drop file huge",
                   [drop](const World& w) {
                     fs::create_directories(w.work / "store");
                     fs::permissions(w.work / "store", fs::perms(0700));
                     write(w.work / "store" / (drop + ".json"), std::string(2 << 20, ' '));
                     fs::permissions(w.work / "store" / (drop + ".json"), fs::perms(0600));
                     return std::vector<std::string>{"--secret-store", (w.work / "store").string(),
                                                     "--bot-token",    drop,
                                                     "--target",       (w.work / "t").string()};
                   },
                   1,
                   {"bytes"}});
  cases.push_back({"secret show on fifo",
                   [drop](const World& w) {
                     fs::create_directories(w.work / "store");
                     fs::permissions(w.work / "store", fs::perms(0700));
                     fifo(w.work / "store" / (drop + ".json"));
                     return std::vector<std::string>{"secret", "--secret-store",
                                                     (w.work / "store").string(), "show", drop};
                   },
                   1,
                   {"not a regular file"}});
  cases.push_back({"report in protected",
                   [](const World& w) {
                     return std::vector<std::string>{
                         "--protect",     w.guarded.string(),
                         "--report-json", (w.guarded / "r.json").string(),
                         "--target",      (w.work / "t").string()};
                   },
                   11,
                   {"refusing --report-json"}});
  cases.push_back({"report in canonical",
                   [](const World& w) {
                     return std::vector<std::string>{"--report-json",
                                                     (w.canonical / "r.json").string(), "--target",
                                                     (w.work / "t").string()};
                   },
                   11,
                   {"canonical agent home"}});
  cases.push_back({"report /dev/null",
                   args({"--report-json", "/dev/null", "--target", "@work/t"}),
                   11,
                   {"refusing --report-json"}});
  cases.push_back({"report /proc",
                   args({"--report-json", "/proc/self/r.json", "--target", "@work/t"}),
                   11,
                   {"refusing --report-json"}});
  cases.push_back({"report /etc",
                   args({"--report-json", "/etc/r.json", "--target", "@work/t"}),
                   11,
                   {"refusing --report-json"}});
  cases.push_back({"report missing dir",
                   args({"--report-json", "@work/new/r.json", "--target", "@work/t"}),
                   64,
                   {"never creates directories"}});
  cases.push_back({"report is a dir",
                   args({"--report-json", "@work", "--target", "@work/t"}),
                   64,
                   {"is a directory"}});
  cases.push_back({"report fifo",
                   [](const World& w) {
                     return std::vector<std::string>{"--report-json", fifo(w.work / "r.fifo"),
                                                     "--target", (w.work / "t").string()};
                   },
                   64,
                   {"not a regular file"}});
  cases.push_back({"report someone's file",
                   [](const World& w) {
                     return std::vector<std::string>{"--report-json",
                                                     write(w.work / "notes.json", "{}"), "--target",
                                                     (w.work / "t").string()};
                   },
                   64,
                   {"is not a test-as-self report"}});
  cases.push_back({"report symlink loop",
                   [](const World& w) {
                     fs::create_symlink("rb", w.work / "ra");
                     fs::create_symlink("ra", w.work / "rb");
                     return std::vector<std::string>{"--report-json", (w.work / "ra").string(),
                                                     "--target", (w.work / "t").string()};
                   },
                   11,
                   {"cannot be resolved"}});
  cases.push_back({"report tilde user",
                   args({"--report-json", "~nobody/r.json", "--target", "@work/t"}),
                   11,
                   {"only a shell expands"}});
  cases.push_back({"judge config fifo",
                   [](const World& w) {
                     return std::vector<std::string>{"--judge-config", fifo(w.work / "j.fifo"),
                                                     "--target", (w.work / "t").string()};
                   },
                   64,
                   {"not a regular file"}});
  cases.push_back({"judge config garbage",
                   [](const World& w) {
                     return std::vector<std::string>{"--judge-config",
                                                     write(w.work / "j.json", "{"), "--target",
                                                     (w.work / "t").string()};
                   },
                   64,
                   {"judge"}});
  return cases;
}

std::vector<Case> all_cases() {
  std::vector<Case> cases = target_cases();
  for (auto more : {argv_cases(), profile_cases(), store_and_report_cases()})
    cases.insert(cases.end(), more.begin(), more.end());
  return cases;
}

class Adversarial : public ::testing::TestWithParam<Case> {
 protected:
  void SetUp() override {
    world_ = {sandbox_.home(), sandbox_.work(), sandbox_.state(),
              sandbox_.home() / ".reference-agent", sandbox_.work() / "guarded"};
    write(world_.canonical / "state/agent.db", "the real agent's state");
    write(world_.guarded / "precious.txt", "precious");
  }

  // Everything the command must leave alone, as one listing with contents of the precious files.
  std::string watched() const {
    // A run that got as far as step 1 (a drop it cannot use) leaves its own report, and its HTML
    // form, beside the target it never created: those files are the run's, everything else must
    // be as it was.
    std::string snapshot = sandbox_.user_visible_snapshot();
    for (const std::string own : {"t.test-as-self-report.json\n", "t.test-as-self-report.html\n"}) {
      for (std::string::size_type at; (at = snapshot.find(own)) != std::string::npos;)
        snapshot.erase(at, own.size());
    }
    return snapshot + "canonical:\n" + listing(world_.canonical) +
           read_text(world_.canonical / "state/agent.db") + "\nguarded:\n" +
           read_text(world_.guarded / "precious.txt") + "\nroot:\n" + root_listing();
  }

  // Each report the command left in the state directory, as text.
  std::string refusal_reports() const {
    std::string all;
    if (!fs::exists(sandbox_.state() / "reports")) return all;
    for (const auto& entry : fs::directory_iterator(sandbox_.state() / "reports"))
      all += read_text(entry.path());
    return all;
  }

  void expect_nothing_leaked_or_changed(const CliResult& result);

  CliSandbox sandbox_;
  World world_;
  std::string before_;
};

TEST_P(Adversarial, RefusedWithTheRightCodeAClearMessageNoSecretAndNothingChanged) {
  const Case& c = GetParam();
  const std::vector<std::string> arguments = c.setup(world_);
  before_ = watched();
  const CliResult result = sandbox_.run(arguments, std::chrono::seconds(30));

  EXPECT_EQ(result.code(), c.exit_code) << result.out << result.err;
  const bool secret_command =
      std::find(arguments.begin(), arguments.end(), "secret") != arguments.end();
  if (c.exit_code >= 1 && c.exit_code <= 7 && !secret_command) {
    // Not refused: a run that failed at a step says why on the console, at that step.
    const std::string step_line = "✗ [" + std::to_string(c.exit_code) + "/7]";
    EXPECT_NE(result.out.find(step_line), std::string::npos) << result.out;
    for (const std::string& part : c.message_has)
      EXPECT_NE(result.out.find(part), std::string::npos)
          << "no '" << part << "' in: " << result.out;
    expect_nothing_leaked_or_changed(result);
    return;
  }
  for (const std::string& part : c.message_has)
    EXPECT_NE(result.err.find(part), std::string::npos) << "no '" << part << "' in: " << result.err;
  // One message, prefixed, short; a refused run's report path may follow it on its own line.
  EXPECT_TRUE(result.err.starts_with("test-as-self")) << result.err;
  EXPECT_LT(result.err.size(), 2000u) << result.err.substr(0, 2000);
  std::istringstream lines(result.err);
  int message_lines = 0;
  for (std::string line; std::getline(lines, line);)
    message_lines += line.starts_with("report: ") ? 0 : 1;
  EXPECT_EQ(message_lines, 1) << result.err;
  // What to do: every message ends by telling the user a way forward.
  static const std::regex kRemedy(
      "(choose|pass|give|fix|create|use|remove|run test-as-self|--help|put|wait|set|leave out|"
      "delete|add|check|install|build|expects|expected|must|the options|run `test-as-self|name a)",
      std::regex::icase);
  EXPECT_TRUE(std::regex_search(result.err, kRemedy)) << result.err;
  expect_nothing_leaked_or_changed(result);
}

void Adversarial::expect_nothing_leaked_or_changed(const CliResult& result) {
  const std::string everything = result.out + result.err + refusal_reports();
  for (std::size_t at = 0; at + 8 <= kCanarySecret.size(); ++at) {
    ASSERT_EQ(everything.find(kCanarySecret.substr(at, 8)), std::string::npos)
        << "a piece of the canary token was echoed: " << result.err;
  }
  EXPECT_EQ(watched(), before_) << "the refused command changed what it must not touch";
  EXPECT_FALSE(fs::exists(world_.work / "t")) << "a target was created";
}

std::string case_name(const ::testing::TestParamInfo<Case>& info) {
  std::string name = std::to_string(info.index) + "_" + info.param.name;
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Cases, Adversarial, ::testing::ValuesIn(all_cases()), case_name);

TEST(AdversarialSuite, HasAtLeast150Cases) {
  EXPECT_GE(all_cases().size(), 150u);
}

}  // namespace
}  // namespace tas::test
