#include <tas/backends/backend_error.hpp>
#include <tas/core/home_layout.hpp>
#include <tas/core/real_path.hpp>
#include <tas/mocks/fake_filesystem.hpp>

namespace tas::mocks {

namespace fs = std::filesystem;

void FakeFilesystem::add_directory(const fs::path& path, fs::perms mode) {
  for (fs::path parent = path.parent_path(); parent != parent.root_path() && !parent.empty();
       parent = parent.parent_path()) {
    entries_.try_emplace(parent, Entry{Entry::Kind::directory, {}, fs::perms(0755), {}});
  }
  entries_[path] = Entry{Entry::Kind::directory, {}, mode, {}};
}

void FakeFilesystem::add_file(const fs::path& path, std::string content) {
  if (!exists(path.parent_path())) add_directory(path.parent_path());
  entries_[path] = Entry{Entry::Kind::file, std::move(content), fs::perms(0644), {}};
}

void FakeFilesystem::append(const fs::path& path, std::string_view text) {
  if (!exists(path)) add_file(path, {});
  entries_[path].content.append(text);
}

bool FakeFilesystem::exists(const fs::path& path) const {
  return path == path.root_path() || entries_.contains(path);
}

const FakeFilesystem::Entry* FakeFilesystem::find(const fs::path& path) const {
  const auto it = entries_.find(path);
  return it == entries_.end() ? nullptr : &it->second;
}

std::size_t FakeFilesystem::count_under(const fs::path& path) const {
  std::size_t count = 0;
  for (const auto& [entry, value] : entries_) {
    if (entry != path && is_same_or_ancestor(path, entry)) ++count;
  }
  return count;
}

TargetState FakeFilesystem::inspect(const fs::path& home) const {
  const Entry* entry = find(home);
  if (entry == nullptr) return TargetState::missing;
  if (entry->kind != Entry::Kind::directory) return TargetState::not_a_directory;
  if (count_under(home) == 0) return TargetState::empty_directory;
  if (exists(HomeLayout::of(home).marker)) return TargetState::earlier_kept_run;
  return TargetState::occupied;
}

void FakeFilesystem::create_directory(const fs::path& directory) {
  const Entry* entry = find(directory);
  if (entry != nullptr && entry->kind != Entry::Kind::directory) {
    throw BackendError("fake filesystem: " + directory.string() + " is not a directory");
  }
  add_directory(directory, fs::perms(0700));
}

void FakeFilesystem::write_file(const fs::path& file, std::string_view content, fs::perms mode) {
  if (!exists(file.parent_path()))
    throw BackendError("fake filesystem: no directory " + file.parent_path().string());
  entries_[file] = Entry{Entry::Kind::file, std::string(content), mode, {}};
}

std::optional<std::string> FakeFilesystem::read_file(const fs::path& file) const {
  const Entry* entry = find(file);
  if (entry == nullptr || entry->kind != Entry::Kind::file) return std::nullopt;
  return entry->content;
}

std::string FakeFilesystem::read_tail(const fs::path& file, std::size_t max_bytes) const {
  const auto content = read_file(file);
  if (!content) return {};
  return content->size() <= max_bytes ? *content : content->substr(content->size() - max_bytes);
}

std::optional<fs::perms> FakeFilesystem::mode_of(const fs::path& file) const {
  const Entry* entry = find(file);
  if (entry == nullptr) return std::nullopt;
  return entry->mode;
}

void FakeFilesystem::set_mode(const fs::path& path, fs::perms mode) {
  const auto entry = entries_.find(path);
  if (entry == entries_.end()) throw BackendError("fake filesystem: no " + path.string());
  entry->second.mode = mode;
}

void FakeFilesystem::symlink(const fs::path& link, const fs::path& target) {
  if (!exists(link.parent_path()))
    throw BackendError("fake filesystem: no directory " + link.parent_path().string());
  entries_[link] = Entry{Entry::Kind::symlink, {}, fs::perms(0777), target};
}

bool FakeFilesystem::remove_file(const fs::path& file) {
  return entries_.erase(file) > 0;
}

bool FakeFilesystem::remove_home(const fs::path& home, bool keep_root) {
  if (!exists(home)) return false;
  for (auto it = entries_.begin(); it != entries_.end();) {
    const bool inside = it->first != home && is_same_or_ancestor(home, it->first);
    it = inside ? entries_.erase(it) : std::next(it);
  }
  if (!keep_root) entries_.erase(home);
  return true;
}

std::uint16_t FakeFilesystem::allocate_port() {
  return next_port_++;
}

}  // namespace tas::mocks
