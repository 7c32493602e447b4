#include "ingest/corpus.h"

#include <fmt/format.h>
#include <re2/re2.h>
#include <sys/stat.h>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "base/csv.h"
#include "base/file.h"
#include "base/utf8.h"
#include "ingest/read_transcript.h"

namespace kansrijk {

namespace fs = std::filesystem;

namespace {

std::string Lower(std::string text) {
  return AsciiLower(text);
}

std::vector<std::string> SplitList(const std::string& text, char separator) {
  std::vector<std::string> out;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, separator);) {
    if (std::string trimmed(Trim(item)); !trimmed.empty()) out.push_back(trimmed);
  }
  return out;
}

struct ManifestRow {
  int row = 0;  // 1-based record number, the header being row 1
  DocumentMeta meta;
};

// Reads manifest.csv into rows by file name; bad rows become errors.
std::map<std::string, ManifestRow> ReadManifest(const fs::path& root, std::vector<Error>& errors) {
  std::map<std::string, ManifestRow> rows;
  fs::path path = root / "manifest.csv";
  if (!fs::exists(path)) return rows;
  const std::string name = "manifest.csv";
  CsvTable table;
  try {
    table = ReadCsvTable(path, name);
  } catch (const Error& error) {
    errors.push_back(error);
    return rows;
  }
  if (table.header.empty()) return rows;
  const std::vector<std::string>& header = table.header;
  std::optional<size_t> file_col = table.Column("file"), year_col = table.Column("year"), type_col = table.Column("type");
  if (!file_col || !year_col || !type_col) {
    errors.emplace_back(Location::Row(name, 1), "the header must name the columns file, year and type",
                        "start the file with the line: file,year,type,role,municipality");
    return rows;
  }
  for (size_t r = 0; r < table.rows.size(); ++r) {
    const std::vector<std::string>& record = table.rows[r];
    const Location where = table.Where(r);
    if (record.size() == 1 && Trim(record[0]).empty()) continue;  // blank line
    if (record.size() != header.size()) {
      errors.emplace_back(where, fmt::format("row has {} fields, the header has {}", record.size(), header.size()),
                          "quote fields that contain a comma");
      continue;
    }
    std::string file(Trim(record[*file_col]));
    std::replace(file.begin(), file.end(), '\\', '/');
    fs::path relative = fs::path(file).lexically_normal();
    if (file.empty() || relative.is_absolute() || relative.string().starts_with("..")) {
      errors.emplace_back(where, fmt::format("file '{}' is not a path inside the corpus folder", file),
                          "write paths relative to the folder that holds manifest.csv, e.g. 2021/interview-01.txt");
      continue;
    }
    file = relative.generic_string();
    ManifestRow row;
    row.row = where.row;
    static const RE2 year_re(R"(\s*((?:19|20)\d{2})\s*)");
    if (!RE2::FullMatch(record[*year_col], year_re, &row.meta.year)) {
      errors.emplace_back(where, fmt::format("year '{}' is not a year like 2021", record[*year_col]));
      continue;
    }
    std::optional<DocumentType> type = ParseDocumentType(record[*type_col]);
    if (!type) {
      errors.emplace_back(where, fmt::format("type '{}' is neither interview nor focusgroep", record[*type_col]));
      continue;
    }
    row.meta.type = *type;
    for (size_t c = 0; c < header.size(); ++c) {
      if (c == *file_col || c == *year_col || c == *type_col) continue;
      const std::string variable = ColumnKey(header[c]);  // the column's name as reports show it
      if (variable == "interviewers") {
        row.meta.interviewers = SplitList(record[c], ';');
      } else if (!variable.empty()) {
        row.meta.variables[variable] = std::string(Trim(record[c]));
      }
    }
    auto [it, inserted] = rows.emplace(file, row);
    if (!inserted) {
      errors.emplace_back(where, fmt::format("'{}' is listed twice (also in row {})", file, std::abs(it->second.row)),
                          "keep one row per document");
      rows.erase(it);  // neither row can be trusted
      rows.emplace(file, ManifestRow{-where.row, {}});
    }
  }
  return rows;
}

// Walks the tree, following symlinks (to files and folders, also outside the root: a corpus may gather its
// transcripts by links) but never into a directory it is already inside.
void Walk(const fs::path& root, const fs::path& dir, std::set<std::pair<dev_t, ino_t>>& ancestors,
          std::vector<fs::path>& files, std::vector<Diagnostic>& warnings) {
  std::error_code error;
  std::vector<fs::path> entries;
  for (fs::directory_iterator it(dir, error), end; !error && it != end; it.increment(error)) {
    entries.push_back(it->path());
  }
  if (error) {
    warnings.push_back({{dir.lexically_relative(root).generic_string()}, "cannot read this folder: " + error.message()});
    return;
  }
  std::sort(entries.begin(), entries.end());
  for (const fs::path& entry : entries) {
    struct stat info;
    if (stat(entry.c_str(), &info) != 0) {
      warnings.push_back(
          {{entry.lexically_relative(root).generic_string()}, "skipped, a broken symlink or unreadable entry"});
      continue;
    }
    if (S_ISDIR(info.st_mode)) {
      if (entry.filename().string().starts_with('.')) continue;
      auto key = std::make_pair(info.st_dev, info.st_ino);
      if (ancestors.contains(key)) {
        warnings.push_back({{entry.lexically_relative(root).generic_string()},
                            "skipped, a symlink loop (it points back to a folder it is inside)"});
        continue;
      }
      ancestors.insert(key);
      Walk(root, entry, ancestors, files, warnings);
      ancestors.erase(key);
    } else if (S_ISREG(info.st_mode)) {
      files.push_back(entry);
    } else if (!entry.filename().string().starts_with('.')) {  // never opened: a pipe would block, a device never end
      warnings.push_back({{entry.lexically_relative(root).generic_string()},
                          "skipped, not a regular file (a device, pipe or socket, or a link to one)"});
    }
  }
}

std::optional<int> YearFromPath(const std::string& name) {
  static const RE2 year_re(R"((?:^|[^0-9])((?:19|20)\d{2})(?:[^0-9]|$))");
  std::vector<std::string> parts = SplitList(name, '/');
  for (auto it = parts.rbegin(); it != parts.rend(); ++it) {  // the file name first, then its folders
    int year = 0;
    if (RE2::PartialMatch(*it, year_re, &year)) return year;
  }
  return std::nullopt;
}

std::optional<DocumentType> TypeFromPath(const std::string& name) {
  std::string lower = Lower(name);
  if (lower.find("focus") != std::string::npos) return DocumentType::kFocusGroup;
  if (lower.find("interview") != std::string::npos) return DocumentType::kInterview;
  return std::nullopt;
}

}  // namespace

const char* ToString(DocumentType type) {
  return type == DocumentType::kFocusGroup ? "focusgroep" : "interview";
}

std::optional<DocumentType> ParseDocumentType(std::string_view text) {
  std::string value = Lower(std::string(Trim(text)));
  if (value == "interview") return DocumentType::kInterview;
  if (value == "focusgroep" || value == "focusgroup" || value == "focus group" || value == "fg") {
    return DocumentType::kFocusGroup;
  }
  return std::nullopt;
}

bool IsCorpusMetadataFile(const std::string& name) {
  std::string lower = Lower(name);
  return lower == "manifest.csv" || lower == "interviewers.txt" || lower == "pseudonyms.csv" ||
         (lower.starts_with("readme") && lower.find('/') == std::string::npos);
}

CorpusListing ListCorpus(const fs::path& root, const fs::path& database) {
  CorpusListing listing;
  if (!fs::is_directory(root)) {
    throw Error({root.string()}, "corpus folder not found", "give the folder that holds the transcripts");
  }
  if (fs::path labels = root / "interviewers.txt"; fs::exists(labels)) {
    try {
      std::istringstream in(ReadFile(labels, {.name = "interviewers.txt"}));
      for (std::string line; std::getline(in, line);) {
        if (std::string label(Trim(line)); !label.empty() && !label.starts_with('#')) listing.interviewers.Add(label);
      }
    } catch (const Error& error) {  // reported; the corpus is still read, with the default labels
      listing.errors.push_back(error);
    }
  }
  std::map<std::string, ManifestRow> manifest = ReadManifest(root, listing.errors);

  std::vector<fs::path> files;
  std::set<std::pair<dev_t, ino_t>> ancestors;
  struct stat info;
  if (stat(root.c_str(), &info) == 0) ancestors.insert({info.st_dev, info.st_ino});
  Walk(root, root, ancestors, files, listing.warnings);

  // The database and its companions, compared as resolved paths: the corpus may be reached through a symlink
  // or "..", and the database named relative to another folder.
  std::set<fs::path> own_files;
  if (!database.empty()) {
    std::error_code error;
    fs::path resolved = fs::weakly_canonical(fs::absolute(database, error), error);
    if (!error) {
      for (const char* suffix : {"", "-wal", "-shm", "-journal"}) own_files.insert(resolved.string() + suffix);
    }
  }
  auto is_own_file = [&](const fs::path& file) {
    if (own_files.empty() || !file.filename().string().starts_with(database.filename().string())) return false;
    std::error_code error;
    fs::path resolved = fs::weakly_canonical(file, error);
    return !error && own_files.contains(resolved);
  };

  std::vector<std::string> skipped, without_year, without_type;
  std::set<std::string> seen;
  for (const fs::path& file : files) {
    std::string name = file.lexically_relative(root).generic_string();
    if (IsCorpusMetadataFile(name) || fs::path(name).filename().string().starts_with('.') || is_own_file(file)) {
      continue;
    }
    if (!IsTranscriptFile(file)) {
      skipped.push_back(name);
      continue;
    }
    seen.insert(name);
    SourceFile source{file, name, {}};
    if (auto row = manifest.find(name); row != manifest.end()) {
      if (row->second.row < 0) continue;  // duplicate manifest rows: reported above
      source.meta = row->second.meta;
    } else {
      std::optional<int> year = YearFromPath(name);
      std::optional<DocumentType> type = TypeFromPath(name);
      if (!year) {
        without_year.push_back(name);
        continue;
      }
      if (!type) without_type.push_back(name);
      source.meta.year = *year;
      source.meta.type = type.value_or(DocumentType::kInterview);
    }
    listing.sources.push_back(std::move(source));
  }
  for (const auto& [name, row] : manifest) {
    if (row.row > 0 && !seen.contains(name)) {
      listing.errors.emplace_back(Location::Row("manifest.csv", row.row),
                                  fmt::format("'{}' is listed but there is no such transcript file", name),
                                  "check the spelling and folder, or remove the row");
    }
  }
  if (!without_year.empty()) {
    std::string list;
    for (const std::string& name : without_year) list += "\n  " + name;
    listing.errors.emplace_back(Location{}, fmt::format("{} document(s) have no year:{}", without_year.size(), list),
                                "add a manifest.csv row (file,year,type) or put the year in the folder or file name");
  }
  if (!without_type.empty()) {
    std::string list;
    for (const std::string& name : without_type) list += "\n  " + name;
    listing.warnings.push_back({{}, fmt::format("{} document(s) have no type in manifest.csv or their path; taken as "
                                                "interview:{}",
                                                without_type.size(), list)});
  }
  if (!skipped.empty()) {
    std::string list;
    for (const std::string& name : skipped) list += "\n  " + name;
    listing.warnings.push_back({{}, fmt::format("skipped {} file(s) that are not transcripts (.txt .md .docx .odt .pdf .vtt .srt):{}",
                                                skipped.size(), list)});
  }
  return listing;
}

}  // namespace kansrijk
