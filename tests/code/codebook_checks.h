// Checks shared by the tests of the codebook readers (tests/code/codebook_formats_test.cc, tests/exchange/qdc_test.cc).
#pragma once

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "base/error.h"
#include "code/codebook.h"
#include "code/codebook_formats.h"
#include "test_util.h"

namespace kansrijk::testing::codebook_checks {

// Everything a codebook says, but not where it was read from (file, hash, locations).
inline void ExpectSameCodebook(const Codebook& a, const Codebook& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.title, b.title);
  EXPECT_EQ(a.version, b.version);
  ASSERT_EQ(a.categories.size(), b.categories.size());
  for (size_t c = 0; c < a.categories.size(); ++c) {
    const Category &x = a.categories[c], &y = b.categories[c];
    SCOPED_TRACE("category " + x.id);
    EXPECT_EQ(x.id, y.id);
    EXPECT_EQ(x.label_nl, y.label_nl);
    EXPECT_EQ(x.label_en, y.label_en);
    EXPECT_EQ(x.description, y.description);
    ASSERT_EQ(x.codes.size(), y.codes.size());
    for (size_t k = 0; k < x.codes.size(); ++k) {
      const Code &p = x.codes[k], &q = y.codes[k];
      SCOPED_TRACE("code " + p.id);
      EXPECT_EQ(p.id, q.id);
      EXPECT_EQ(p.category, q.category);
      EXPECT_EQ(p.label_nl, q.label_nl);
      EXPECT_EQ(p.label_en, q.label_en);
      EXPECT_EQ(p.valence, q.valence);
      EXPECT_EQ(p.colour, q.colour);
      EXPECT_EQ(p.definition, q.definition);
      EXPECT_EQ(p.when_to_use, q.when_to_use);
      EXPECT_EQ(p.when_not_to_use, q.when_not_to_use);
      EXPECT_EQ(p.examples, q.examples);
      EXPECT_EQ(p.exclude, q.exclude);
      EXPECT_EQ(p.manual, q.manual);
      ASSERT_EQ(p.rules.size(), q.rules.size());
      for (size_t r = 0; r < p.rules.size(); ++r) {
        const Rule &u = p.rules[r], &v = q.rules[r];
        SCOPED_TRACE("rule " + u.id);
        EXPECT_EQ(u.id, v.id);
        EXPECT_EQ(u.kind, v.kind);
        EXPECT_EQ(u.terms, v.terms);
        EXPECT_EQ(u.pattern, v.pattern);
        EXPECT_EQ(u.stem, v.stem);
        EXPECT_EQ(u.within_turn, v.within_turn);
        EXPECT_EQ(u.means, v.means);
        EXPECT_EQ(u.exclude, v.exclude);
      }
    }
  }
}

// WriteCodebookYaml, then LoadCodebook of the text.
inline Codebook ThroughYaml(const Codebook& book) {
  TempDir dir;
  return LoadCodebook(dir.Write("codebook.yaml", WriteCodebookYaml(book)));
}

// The message of the Error `f` throws, or "" when it throws none.
template <typename F>
std::string ErrorOf(F f) {
  try {
    f();
  } catch (const Error& error) {
    return error.what();
  }
  return "";
}

// Runs xmllint --schema on `file`; "" when valid, else its output. Sets `skipped` when the schema or xmllint is absent.
inline std::string Validate(const std::filesystem::path& file, const std::string& schema, bool& skipped) {
  std::filesystem::path xsd = RefiQdaSchemas() / schema;
  skipped = !std::filesystem::exists(xsd) || std::system("command -v xmllint > /dev/null 2>&1") != 0;
  if (skipped) return "";
  std::string command = fmt::format("xmllint --noout --schema '{}' '{}' 2>&1", xsd.string(), file.string());
  FILE* pipe = popen(command.c_str(), "r");
  std::string output;
  char buffer[512];
  while (size_t n = fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, n);
  int status = pclose(pipe);
  return status == 0 ? "" : output;
}

inline const Code& CodeOf(const Codebook& book, const std::string& id) {
  const Code* code = book.Find(id);
  if (!code) throw std::runtime_error("no code " + id);
  return *code;
}

inline std::vector<std::string> Ids(const Category& category) {
  std::vector<std::string> out;
  for (const Code& code : category.codes) out.push_back(code.id);
  return out;
}

}  // namespace kansrijk::testing::codebook_checks
