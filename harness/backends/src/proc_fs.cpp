#include <cerrno>
#include <charconv>
#include <memory>

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <tas/backends/proc_fs.hpp>
#include <tas/backends/subreaper.hpp>
#include <tas/core/unique_fd.hpp>

namespace tas {
namespace {

// Reads a whole /proc file; nullopt when it cannot be opened or read (the process is gone, or we
// may not look at it).
std::optional<std::string> read_proc_file(const std::string& path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) return std::nullopt;
  std::string content;
  char buffer[4096];
  for (;;) {
    const ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return std::nullopt;
    if (n == 0) break;
    content.append(buffer, static_cast<std::size_t>(n));
  }
  return content;
}

template <typename Number>
bool parse_number(std::string_view text, Number& value) {
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size();
}

}  // namespace

std::optional<ProcStat> read_proc_stat(int pid) {
  const auto content = read_proc_file("/proc/" + std::to_string(pid) + "/stat");
  if (!content) return std::nullopt;
  // The command name (field 2) is in parentheses and may itself contain spaces and ')': the
  // fields after it start after the last ')'.
  const std::size_t close = content->rfind(')');
  if (close == std::string::npos) return std::nullopt;
  std::vector<std::string_view> fields;  // fields[0] is field 3 (state)
  std::string_view rest(*content);
  rest.remove_prefix(close + 1);
  while (!rest.empty()) {
    const std::size_t start = rest.find_first_not_of(" \n");
    if (start == std::string_view::npos) break;
    rest.remove_prefix(start);
    const std::size_t end = rest.find_first_of(" \n");
    fields.push_back(rest.substr(0, end));
    rest.remove_prefix(end == std::string_view::npos ? rest.size() : end);
  }
  constexpr std::size_t kStartTime = 22 - 3;
  if (fields.size() <= kStartTime || fields[0].size() != 1) return std::nullopt;
  ProcStat stat;
  stat.pid = pid;
  stat.state = fields[0][0];
  if (!parse_number(fields[1], stat.ppid) || !parse_number(fields[2], stat.process_group) ||
      !parse_number(fields[3], stat.session) ||
      !parse_number(fields[kStartTime], stat.start_time)) {
    return std::nullopt;
  }
  return stat;
}

std::vector<int> list_process_ids() {
  std::vector<int> pids;
  const std::unique_ptr<DIR, int (*)(DIR*)> directory(::opendir("/proc"), ::closedir);
  if (!directory) return pids;
  while (const dirent* entry = ::readdir(directory.get())) {
    int pid = 0;
    if (parse_number(std::string_view(entry->d_name), pid) && pid > 0) pids.push_back(pid);
  }
  return pids;
}

std::vector<int> descendants_of(int pid) {
  std::vector<int> found;
  std::vector<int> to_visit{pid};
  while (!to_visit.empty()) {
    const int parent = to_visit.back();
    to_visit.pop_back();
    const std::string tasks = "/proc/" + std::to_string(parent) + "/task";
    const std::unique_ptr<DIR, int (*)(DIR*)> directory(::opendir(tasks.c_str()), ::closedir);
    if (!directory) continue;  // it ended while we looked
    while (const dirent* entry = ::readdir(directory.get())) {
      if (entry->d_name[0] == '.') continue;
      const auto children = read_proc_file(tasks + "/" + entry->d_name + "/children");
      if (!children) continue;
      std::string_view rest(*children);
      while (!rest.empty()) {
        const std::size_t end = rest.find(' ');
        int child = 0;
        if (parse_number(rest.substr(0, end), child) && child > 0) {
          found.push_back(child);
          to_visit.push_back(child);
        }
        rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 1);
      }
    }
  }
  return found;
}

std::vector<ProcStat> live_group_members(int process_group) {
  // Reading every process's stat costs milliseconds on a busy machine, and the teardown looks
  // again and again; the harness's own tree is a handful of processes.
  const auto leader = read_proc_stat(process_group);
  const bool own_tree = leader && leader->ppid == ::getpid() && is_child_subreaper();
  std::vector<ProcStat> members;
  for (const int pid : own_tree ? descendants_of(::getpid()) : list_process_ids()) {
    const auto stat = read_proc_stat(pid);
    if (stat && stat->process_group == process_group && !stat->ended()) members.push_back(*stat);
  }
  return members;
}

std::optional<std::vector<std::string>> read_environ(int pid) {
  const auto content = read_proc_file("/proc/" + std::to_string(pid) + "/environ");
  if (!content) return std::nullopt;
  std::vector<std::string> entries;
  std::size_t start = 0;
  while (start < content->size()) {
    std::size_t end = content->find('\0', start);
    if (end == std::string::npos) end = content->size();
    entries.emplace_back(*content, start, end - start);
    start = end + 1;
  }
  return entries;
}

std::optional<std::string> read_environ_value(int pid, std::string_view name) {
  const auto entries = read_environ(pid);
  if (!entries) return std::nullopt;
  for (const std::string& entry : *entries) {
    if (entry.size() > name.size() && entry.compare(0, name.size(), name) == 0 &&
        entry[name.size()] == '=') {
      return entry.substr(name.size() + 1);
    }
  }
  return std::nullopt;
}

std::string read_boot_id() {
  auto content = read_proc_file("/proc/sys/kernel/random/boot_id").value_or("");
  while (!content.empty() && (content.back() == '\n' || content.back() == ' '))
    content.pop_back();
  return content;
}

}  // namespace tas
