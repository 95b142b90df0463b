#include "files.hpp"

#include <algorithm>
#include <cerrno>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <system_error>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace tas::test {

std::string read_text(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

nlohmann::json read_json(const std::filesystem::path& file) {
  const std::string text = read_text(file);
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& error) {
    throw std::runtime_error(file.string() + " is not JSON (" + error.what() + "); it holds " +
                             std::to_string(text.size()) + " bytes");
  }
}

std::filesystem::path write_file(const std::filesystem::path& file, std::string_view content,
                                 mode_t mode) {
  // Created owner-only and set to `mode` once written: open()'s mode passes through the umask and
  // does nothing to a file that exists already.
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) throw std::system_error(errno, std::generic_category(), "open " + file.string());
  std::size_t written = 0;
  while (written < content.size()) {
    const ssize_t now = ::write(fd, content.data() + written, content.size() - written);
    if (now < 0 && errno == EINTR) continue;
    if (now < 0) {
      const int error = errno;
      ::close(fd);
      throw std::system_error(error, std::generic_category(), "write " + file.string());
    }
    written += static_cast<std::size_t>(now);
  }
  const bool moded = ::fchmod(fd, mode) == 0;
  const int error = errno;
  ::close(fd);
  if (!moded) throw std::system_error(error, std::generic_category(), "chmod " + file.string());
  return file;
}

mode_t mode_of(const std::filesystem::path& path) {
  struct stat info {};
  if (::lstat(path.c_str(), &info) != 0) {
    throw std::system_error(errno, std::generic_category(), "lstat " + path.string());
  }
  return info.st_mode & 07777;
}

std::string listing(const std::filesystem::path& root) {
  std::vector<std::string> paths;
  std::error_code error;
  for (auto it = std::filesystem::recursive_directory_iterator(root, error);
       !error && it != std::filesystem::recursive_directory_iterator(); it.increment(error)) {
    // Lexically: a symlink loop in the tree is listed, not followed.
    paths.push_back(it->path().lexically_relative(root).string());
  }
  std::sort(paths.begin(), paths.end());
  std::string out;
  for (const auto& path : paths)
    out += path + "\n";
  return out;
}

}  // namespace tas::test
