#include "store/sqlite.h"

#include "base/error.h"

namespace kansrijk::sqlite {

namespace {

// The database file as errors name it; empty for a database in memory.
std::string FileOf(sqlite3* db) {
  const char* file = db ? sqlite3_db_filename(db, "main") : nullptr;
  return file ? file : "";
}

// What to do about the faults a user can mend; "" for the rest (a query of ours, a damaged file).
std::string Hint(int rc) {
  switch (rc & 0xff) {
    case SQLITE_FULL:
      return "the disk is full: free some space and run the command again (what was stored before is kept)";
    case SQLITE_READONLY:
      return "the database or its folder is read-only: make both writable, or copy the database to a writable "
             "folder (SQLite writes DB-wal and DB-shm beside it)";
    case SQLITE_CANTOPEN:
      return "SQLite cannot create DB-wal and DB-shm beside the database: make its folder writable";
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return "another kansrijk (or a sqlite3 shell) kept the database busy for more than 10 s: wait until it has "
             "finished and run the command again";
    case SQLITE_IOERR:
      return "the disk could not be written or read: check that it is not full and is still there, then run the "
             "command again";
    case SQLITE_CORRUPT:
      return "the database file is damaged: run `kansrijk check --db FILE` to see what is wrong";
    default:
      return "";
  }
}

}  // namespace

void Check(sqlite3* db, int rc, std::string_view doing) {
  if (rc == SQLITE_OK || rc == SQLITE_ROW || rc == SQLITE_DONE) return;
  std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  throw Error({FileOf(db)}, "database error while " + std::string(doing) + ": " + message, Hint(rc));
}

void Exec(sqlite3* db, const std::string& sql) {
  char* message = nullptr;
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    std::string why = message ? message : sqlite3_errstr(rc);
    sqlite3_free(message);
    throw Error({FileOf(db)}, "database error: " + why, Hint(sqlite3_extended_errcode(db)));
  }
}

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db) {
  Check(db, sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt_,
                               nullptr),
        "preparing a query");
}

Statement& Statement::Bind(int index, int64_t value) {
  Check(db_, sqlite3_bind_int64(stmt_, index, value), "binding a value");
  return *this;
}

Statement& Statement::Bind(int index, std::string_view value) {
  Check(db_, sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT),
        "binding a value");
  return *this;
}

Statement& Statement::Bind(int index, const std::optional<int64_t>& value) {
  return value ? Bind(index, *value) : BindNull(index);
}

Statement& Statement::BindDouble(int index, double value) {
  Check(db_, sqlite3_bind_double(stmt_, index, value), "binding a value");
  return *this;
}

Statement& Statement::BindNull(int index) {
  Check(db_, sqlite3_bind_null(stmt_, index), "binding a value");
  return *this;
}

bool Statement::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  std::string message = sqlite3_errmsg(db_);
  const int code = sqlite3_extended_errcode(db_);
  sqlite3_reset(stmt_);
  throw Error({FileOf(db_)}, "database error: " + message, Hint(code));
}

void Statement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::string Statement::Text(int column) const {
  const unsigned char* text = sqlite3_column_text(stmt_, column);
  return text ? std::string(reinterpret_cast<const char*>(text), sqlite3_column_bytes(stmt_, column)) : std::string();
}

}  // namespace kansrijk::sqlite
