#include "exchange/qdpx_project.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "base/error.h"
#include "base/file.h"
#include "exchange/qdpx_common.h"

namespace kansrijk::qdpx {

namespace {

constexpr size_t kMaxMember = size_t{1} << 30;  // refuse to inflate more than 1 GiB per member (a zip bomb)

}  // namespace

ProjectFiles::ProjectFiles(const std::filesystem::path& in) : in_(in), name_(in.string()) {
  if (std::filesystem::is_directory(in)) {
    throw Error({name_}, "this is a folder", "give the project file: a .qdpx, or a .qde");
  }
  const ZipNames names{.name = name_, .kind = ".qdpx", .hint = kImportHint};
  std::string extension = Lower(in.extension().string());
  std::error_code ignored;
  if ((extension == ".qdpx" || extension == ".zip") && std::filesystem::is_regular_file(in, ignored)) {
    zip_.emplace(ZipReader::Open(in, names));  // a project may be large: members are inflated one by one
  } else {
    // Throws for a missing file.
    bytes_ = ReadFile(in, {.name = name_, .hint = "check the path", .what = "project file"});
    if (bytes_.starts_with("PK")) {
      zip_.emplace(ZipReader::FromBytes(bytes_, names));
    } else {
      qde_name_ = name_;
      qde_ = std::move(bytes_);
      return;
    }
  }
  FindQde();
}

std::optional<std::string> ProjectFiles::Internal(std::string_view path) {
  while (path.starts_with('/')) path.remove_prefix(1);
  std::string wanted = Lower(path.substr(path.rfind('/') == std::string_view::npos ? 0 : path.rfind('/') + 1));
  if (wanted.empty()) return std::nullopt;
  if (!zip_) {
    std::error_code ignored;
    for (const auto& dir :
         std::filesystem::directory_iterator(in_.parent_path().empty() ? "." : in_.parent_path(), ignored)) {
      if (!dir.is_directory() || Lower(dir.path().filename().string()) != "sources") continue;
      for (const auto& file : std::filesystem::directory_iterator(dir.path(), ignored)) {
        if (Lower(file.path().filename().string()) == wanted) {
          return ReadFile(file.path(), {.hint = "check the path", .what = "source text"});
        }
      }
    }
    return std::nullopt;
  }
  std::optional<size_t> found;
  const std::vector<std::string>& members = zip_->members();
  for (size_t index = 0; index < members.size(); ++index) {
    std::string lower = Lower(members[index]);
    if (lower == "sources/" + wanted) {
      found = index;
      break;
    }
    size_t slash = lower.rfind('/');
    if (!found && (slash == std::string::npos ? lower : lower.substr(slash + 1)) == wanted) found = index;
  }
  if (!found) return std::nullopt;
  return zip_->Read(*found, kMaxMember);
}

void ProjectFiles::FindQde() {
  std::vector<std::pair<size_t, std::string>> qdes;
  const std::vector<std::string>& members = zip_->members();
  for (size_t i = 0; i < members.size(); ++i) {
    std::string lower = Lower(members[i]);
    if (!lower.empty() && lower.find('/') == std::string::npos && lower.ends_with(".qde"))
      qdes.emplace_back(i, members[i]);
  }
  if (qdes.empty()) {
    throw Error({name_}, "the archive has no project.qde at its root",
                "is this a REFI-QDA project (.qdpx)? " + std::string(kImportHint));
  }
  auto chosen =
      std::find_if(qdes.begin(), qdes.end(), [](const auto& q) { return Lower(q.second) == "project.qde"; });
  if (chosen == qdes.end()) {
    if (qdes.size() > 1) {
      std::string list;
      for (const auto& q : qdes) list += (list.empty() ? "" : ", ") + q.second;
      throw Error({name_}, "the archive holds several .qde files and none is project.qde: " + list,
                  "keep one project per .qdpx");
    }
    chosen = qdes.begin();  // ATLAS.ti names it after the project
  }
  qde_name_ = name_ + "/" + chosen->second;
  qde_ = zip_->Read(chosen->first, kMaxMember);
}

}  // namespace kansrijk::qdpx
