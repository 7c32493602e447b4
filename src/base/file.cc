#include "base/file.h"

#include <fcntl.h>
#include <signal.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "base/error.h"

namespace kansrijk {

std::string ReadFile(const std::filesystem::path& path, const ReadLimits& limits) {
  std::string name = limits.name.empty() ? path.string() : limits.name;
  std::string hint = limits.hint.empty() ? "check the path and that you may read the file" : limits.hint;
  // "cannot read the codebook: no such file" when the caller says what the file is, else "no such file".
  auto cannot_read = [&](const std::string& why) {
    return Error({name}, fmt::format("cannot read the {}: {}", limits.what.empty() ? "file" : limits.what, why), hint);
  };
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) {
    const char* why = std::filesystem::exists(path, error) ? "is not a regular file" : "no such file";
    throw limits.what.empty() ? Error({name}, why, hint) : cannot_read(why);
  }
  uint64_t size = std::filesystem::file_size(path, error);
  if (error) throw cannot_read(error.message());
  if (size > limits.max_bytes) {
    throw Error({name},
                fmt::format("the file is {} MB, over the limit of {} MB{}", size >> 20, limits.max_bytes >> 20,
                            limits.limit_for.empty() ? "" : " for " + limits.limit_for),
                limits.too_large_hint.empty() ? "split it into smaller files" : limits.too_large_hint);
  }
  std::ifstream in(path, std::ios::binary);
  std::string bytes(size, '\0');
  if (!in || !in.read(bytes.data(), static_cast<std::streamsize>(size))) {
    throw cannot_read(std::strerror(errno));
  }
  return bytes;
}

namespace {

std::filesystem::path TemporaryBeside(const std::filesystem::path& path) {
  std::filesystem::path temporary = path;
  temporary += fmt::format(".{}.tmp", getpid());
  return temporary;
}

// Removes the temporary files of `path` (path.PID.tmp) that a killed run left: their process is gone. A live
// writer's temporary file is left alone. Each folder is read once per process, and what it held is remembered:
// reading it for every file made writing a report's 1,000 transcript pages quadratic in their number
// (docs/performance.md). A temporary left by a run killed while this one runs is for the next run to remove.
void RemoveStaleTemporaries(const std::filesystem::path& path) {
  static std::mutex mutex;
  static std::map<std::string, std::vector<std::string>> stale;  // folder → names of stale temporary files
  const std::filesystem::path folder = path.has_parent_path() ? path.parent_path() : ".";
  std::error_code error;
  std::filesystem::path key = std::filesystem::absolute(folder, error);
  std::lock_guard lock(mutex);
  auto [names, added] = stale.try_emplace((error ? folder : key).lexically_normal().string());
  if (added) {
    std::filesystem::directory_iterator it(folder, error);
    for (; !error && it != std::filesystem::directory_iterator(); it.increment(error)) {
      const std::string name = it->path().filename().string();
      const size_t dot = name.size() > 4 ? name.rfind('.', name.size() - 5) : std::string::npos;
      if (dot == std::string::npos || !name.ends_with(".tmp")) continue;
      const std::string pid = name.substr(dot + 1, name.size() - dot - 5);
      if (pid.empty() || pid.size() > 10 || pid.find_first_not_of("0123456789") != std::string::npos) continue;
      if (::kill(static_cast<pid_t>(std::stoll(pid)), 0) != 0 && errno == ESRCH) names->second.push_back(name);
    }
  }
  const std::string prefix = path.filename().string() + ".";
  std::erase_if(names->second, [&](const std::string& name) {
    if (!name.starts_with(prefix) || name.find('.', prefix.size()) != name.size() - 4) return false;
    std::error_code ignored;
    std::filesystem::remove(folder / name, ignored);
    return true;
  });
}

void Prepare(const std::filesystem::path& path) {
  std::error_code error;
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), error);
  if (error) throw Error({path.parent_path().string()}, "cannot create the folder: " + error.message());
  RemoveStaleTemporaries(path);
}

void Commit(const std::filesystem::path& temporary, const std::filesystem::path& path) {
  std::error_code error;
  std::filesystem::permissions(temporary, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
                               error);
  std::filesystem::rename(temporary, path, error);
  if (error) {
    std::filesystem::remove(temporary, error);
    throw Error({path.string()}, "cannot write the file: " + error.message());
  }
}

}  // namespace

void WriteFileAtomically(const std::filesystem::path& path, const std::string& content) {
  WriteFileAtomically(path, [&](const std::filesystem::path& temporary) {
    int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) throw Error({path.string()}, fmt::format("cannot write the file: {}", std::strerror(errno)));
    size_t done = 0;
    while (done < content.size()) {
      ssize_t n = ::write(fd, content.data() + done, content.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        int saved = errno;
        ::close(fd);
        throw Error({path.string()}, fmt::format("cannot write the file: {}", std::strerror(saved)),
                    "check that the disk is not full");
      }
      done += static_cast<size_t>(n);
    }
    if (::close(fd) != 0) {
      throw Error({path.string()}, fmt::format("cannot write the file: {}", std::strerror(errno)),
                  "check that the disk is not full");
    }
  });
}

void WriteFileAtomically(const std::filesystem::path& path,
                         const std::function<void(const std::filesystem::path& temporary)>& write) {
  Prepare(path);
  std::filesystem::path temporary = TemporaryBeside(path);
  // The libraries create the file with 0666 less the umask (libxlsxwriter's minizip by fopen; libzip gives its own
  // temporary file the mode of the file it replaces). Made 0600 first, it stays 0600 whatever the caller's umask.
  int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0 || ::fchmod(fd, 0600) != 0) {
    int saved = errno;
    if (fd >= 0) ::close(fd);
    throw Error({path.string()}, fmt::format("cannot write the file: {}", std::strerror(saved)));
  }
  ::close(fd);
  try {
    write(temporary);
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove(temporary, ignored);
    throw;
  }
  Commit(temporary, path);
}

}  // namespace kansrijk
