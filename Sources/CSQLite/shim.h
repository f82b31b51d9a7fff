#ifndef KB_CSQLITE_SHIM_H
#define KB_CSQLITE_SHIM_H
#include <sqlite3.h>

// SQLITE_TRANSIENT is a macro casting -1 to a function pointer, which Swift
// cannot import; this wrapper binds text that SQLite must copy.
static inline int kb_sqlite3_bind_text_transient(sqlite3_stmt *stmt, int index,
                                                 const char *text, int length) {
    return sqlite3_bind_text(stmt, index, text, length, SQLITE_TRANSIENT);
}

static inline int kb_sqlite3_bind_blob_transient(sqlite3_stmt *stmt, int index,
                                                 const void *data, int length) {
    return sqlite3_bind_blob(stmt, index, data, length, SQLITE_TRANSIENT);
}

static inline void kb_sqlite3_result_blob_transient(sqlite3_context *context,
                                                    const void *data, int length) {
    sqlite3_result_blob(context, data, length, SQLITE_TRANSIENT);
}

#endif
