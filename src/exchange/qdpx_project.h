// The files of a REFI-QDA project as the import reads them: a .qdpx (zip) or a bare .qde with, perhaps, a
// `sources` folder beside it. Internal to exchange/.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "base/zip.h"

namespace kansrijk::qdpx {

class ProjectFiles {
 public:
  // Opens `in` and reads its .qde: project.qde at the root of a zip (else its only .qde, as ATLAS.ti names it
  // after the project), or the file itself. Throws Error naming the file when it is a folder, missing, not a
  // zip, or a zip without a .qde at its root.
  explicit ProjectFiles(const std::filesystem::path& in);
  ProjectFiles(const ProjectFiles&) = delete;
  ProjectFiles& operator=(const ProjectFiles&) = delete;

  const std::string& qde_name() const { return qde_name_; }  // for messages: x.qdpx/project.qde, or x.qde
  const std::string& qde() const { return qde_; }
  bool zipped() const { return zip_.has_value(); }

  // The bytes of an internal file (internal://NAME): sources/NAME in any case, else a member NAME in any folder;
  // for a bare .qde, sources/NAME beside it. nullopt when absent. Throws Error for a damaged member or one that
  // inflates past 1 GiB (a zip bomb).
  std::optional<std::string> Internal(std::string_view path);

 private:
  void FindQde();

  std::filesystem::path in_;
  std::string name_, qde_name_, qde_;
  std::string bytes_;  // the archive, when it was read to tell a zip from a .qde; outlives zip_
  std::optional<ZipReader> zip_;
};

}  // namespace kansrijk::qdpx
