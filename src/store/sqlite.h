// Thin RAII over the SQLite C API (internal to store/). SQLite errors become kansrijk::Error here, once.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kansrijk::sqlite {

// Throws Error("database error while <doing>: <sqlite message>") unless rc is OK, ROW or DONE.
void Check(sqlite3* db, int rc, std::string_view doing);
void Exec(sqlite3* db, const std::string& sql);

// A prepared statement. Bind with 1-based indexes; Step() returns true while there is a row.
class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql);
  Statement(Statement&& other) noexcept : db_(other.db_), stmt_(other.stmt_) { other.stmt_ = nullptr; }
  Statement(const Statement&) = delete;
  ~Statement() { sqlite3_finalize(stmt_); }

  Statement& Bind(int index, int64_t value);
  Statement& Bind(int index, std::string_view value);
  Statement& Bind(int index, const std::optional<int64_t>& value);
  Statement& BindNull(int index);
  Statement& BindDouble(int index, double value);  // not a Bind overload: an int would be ambiguous
  bool Step();  // throws on error
  void Run() { while (Step()) {} Reset(); }
  void Reset();

  int64_t Int(int column) const { return sqlite3_column_int64(stmt_, column); }
  bool IsNull(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }
  std::optional<int64_t> OptionalInt(int column) const {
    return IsNull(column) ? std::nullopt : std::optional<int64_t>(Int(column));
  }
  std::string Text(int column) const;
  double Double(int column) const { return sqlite3_column_double(stmt_, column); }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

// Rolls back unless Commit() was called: an exception or a kill leaves no half-written document. Inside another
// transaction it is a savepoint, so a store method can be part of a caller's larger all-or-nothing batch.
class Transaction {
 public:
  explicit Transaction(sqlite3* db) : db_(db), nested_(sqlite3_get_autocommit(db) == 0) {
    Exec(db_, nested_ ? "SAVEPOINT nested" : "BEGIN IMMEDIATE");
  }
  ~Transaction() {
    if (done_) return;
    sqlite3_exec(db_, nested_ ? "ROLLBACK TO nested; RELEASE nested" : "ROLLBACK", nullptr, nullptr, nullptr);
  }
  void Commit() {
    Exec(db_, nested_ ? "RELEASE nested" : "COMMIT");
    done_ = true;
  }

 private:
  sqlite3* db_;
  bool nested_;
  bool done_ = false;
};

}  // namespace kansrijk::sqlite
