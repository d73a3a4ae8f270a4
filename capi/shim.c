/*
 * shim.c: the C face of libadbc_driver_sealane.
 *
 * Every ADBC function has two C definitions here: a static one with the
 * exact ADBC signature, which adapts the arguments (the address of the
 * object's private_data) and calls the Go implementation, and a public
 * Adbc* one calling the static one. AdbcDriverInit fills the driver table
 * with the static functions, so a driver manager that itself defines
 * AdbcDatabaseNew & co. never gets its own symbols back by interposition.
 */
#include <stdlib.h>
#include <string.h>

#include "_cgo_export.h"
#include "sealane_adbc.h"

#define PRIV(o) ((o) ? &(o)->private_data : NULL)

/* IMPL defines s<Name> (calling Go through Body) and the exported Adbc<Name>. */
#define IMPL(Name, Params, Args, Body)        \
  static AdbcStatusCode s##Name Params { return Body; } \
  AdbcStatusCode Adbc##Name Params { return s##Name Args; }

/* OPTIONS defines the eight typed option functions of an object type. */
#define OPTIONS(Obj, T)                                                                  \
  IMPL(Obj##SetOption, (struct T* o, const char* k, const char* v, struct AdbcError* e), \
       (o, k, v, e), sealaneSetOption(PRIV(o), k, v, e))                                 \
  IMPL(Obj##SetOptionBytes,                                                              \
       (struct T* o, const char* k, const uint8_t* v, size_t n, struct AdbcError* e),    \
       (o, k, v, n, e), sealaneSetOptionBytes(PRIV(o), k, v, n, e))                      \
  IMPL(Obj##SetOptionInt, (struct T* o, const char* k, int64_t v, struct AdbcError* e),  \
       (o, k, v, e), sealaneSetOptionInt(PRIV(o), k, v, e))                              \
  IMPL(Obj##SetOptionDouble, (struct T* o, const char* k, double v, struct AdbcError* e), \
       (o, k, v, e), sealaneSetOptionDouble(PRIV(o), k, v, e))                           \
  IMPL(Obj##GetOption, (struct T* o, const char* k, char* v, size_t* n, struct AdbcError* e), \
       (o, k, v, n, e), sealaneGetOption(PRIV(o), k, v, n, e))                           \
  IMPL(Obj##GetOptionBytes,                                                              \
       (struct T* o, const char* k, uint8_t* v, size_t* n, struct AdbcError* e),         \
       (o, k, v, n, e), sealaneGetOptionBytes(PRIV(o), k, v, n, e))                      \
  IMPL(Obj##GetOptionInt, (struct T* o, const char* k, int64_t* v, struct AdbcError* e), \
       (o, k, v, e), sealaneGetOptionInt(PRIV(o), k, v, e))                              \
  IMPL(Obj##GetOptionDouble, (struct T* o, const char* k, double* v, struct AdbcError* e), \
       (o, k, v, e), sealaneGetOptionDouble(PRIV(o), k, v, e))

OPTIONS(Database, AdbcDatabase)
OPTIONS(Connection, AdbcConnection)
OPTIONS(Statement, AdbcStatement)

/* Database */
IMPL(DatabaseNew, (struct AdbcDatabase* d, struct AdbcError* e), (d, e),
     sealaneDatabaseNew(PRIV(d), e))
IMPL(DatabaseInit, (struct AdbcDatabase* d, struct AdbcError* e), (d, e),
     sealaneDatabaseInit(PRIV(d), e))
IMPL(DatabaseRelease, (struct AdbcDatabase* d, struct AdbcError* e), (d, e),
     sealaneDatabaseRelease(PRIV(d), e))

/* Connection */
IMPL(ConnectionNew, (struct AdbcConnection* c, struct AdbcError* e), (c, e),
     sealaneConnectionNew(PRIV(c), e))
IMPL(ConnectionInit, (struct AdbcConnection* c, struct AdbcDatabase* d, struct AdbcError* e),
     (c, d, e), sealaneConnectionInit(PRIV(c), PRIV(d), e))
IMPL(ConnectionRelease, (struct AdbcConnection* c, struct AdbcError* e), (c, e),
     sealaneConnectionRelease(PRIV(c), e))
IMPL(ConnectionCancel, (struct AdbcConnection* c, struct AdbcError* e), (c, e),
     sealaneConnectionCancel(PRIV(c), e))
IMPL(ConnectionCommit, (struct AdbcConnection* c, struct AdbcError* e), (c, e),
     sealaneConnectionCommit(PRIV(c), e))
IMPL(ConnectionRollback, (struct AdbcConnection* c, struct AdbcError* e), (c, e),
     sealaneConnectionRollback(PRIV(c), e))
IMPL(ConnectionGetInfo,
     (struct AdbcConnection* c, const uint32_t* codes, size_t n, struct ArrowArrayStream* out,
      struct AdbcError* e),
     (c, codes, n, out, e), sealaneConnectionGetInfo(PRIV(c), codes, n, out, e))
IMPL(ConnectionGetObjects,
     (struct AdbcConnection* c, int depth, const char* catalog, const char* schema,
      const char* table, const char** types, const char* column, struct ArrowArrayStream* out,
      struct AdbcError* e),
     (c, depth, catalog, schema, table, types, column, out, e),
     sealaneConnectionGetObjects(PRIV(c), depth, catalog, schema, table, types, column, out, e))
IMPL(ConnectionGetTableSchema,
     (struct AdbcConnection* c, const char* catalog, const char* schema, const char* table,
      struct ArrowSchema* out, struct AdbcError* e),
     (c, catalog, schema, table, out, e),
     sealaneConnectionGetTableSchema(PRIV(c), catalog, schema, table, out, e))
IMPL(ConnectionGetTableTypes,
     (struct AdbcConnection* c, struct ArrowArrayStream* out, struct AdbcError* e), (c, out, e),
     sealaneConnectionGetTableTypes(PRIV(c), out, e))
IMPL(ConnectionReadPartition,
     (struct AdbcConnection* c, const uint8_t* p, size_t n, struct ArrowArrayStream* out,
      struct AdbcError* e),
     (c, p, n, out, e), sealaneConnectionReadPartition(PRIV(c), p, n, out, e))
IMPL(ConnectionGetStatistics,
     (struct AdbcConnection* c, const char* catalog, const char* schema, const char* table,
      char approximate, struct ArrowArrayStream* out, struct AdbcError* e),
     (c, catalog, schema, table, approximate, out, e),
     sealaneConnectionGetStatistics(PRIV(c), catalog, schema, table, approximate, out, e))
IMPL(ConnectionGetStatisticNames,
     (struct AdbcConnection* c, struct ArrowArrayStream* out, struct AdbcError* e), (c, out, e),
     sealaneConnectionGetStatisticNames(PRIV(c), out, e))

/* Statement */
IMPL(StatementNew, (struct AdbcConnection* c, struct AdbcStatement* s, struct AdbcError* e),
     (c, s, e), sealaneStatementNew(PRIV(c), PRIV(s), e))
IMPL(StatementRelease, (struct AdbcStatement* s, struct AdbcError* e), (s, e),
     sealaneStatementRelease(PRIV(s), e))
IMPL(StatementCancel, (struct AdbcStatement* s, struct AdbcError* e), (s, e),
     sealaneStatementCancel(PRIV(s), e))
IMPL(StatementSetSqlQuery, (struct AdbcStatement* s, const char* q, struct AdbcError* e),
     (s, q, e), sealaneStatementSetSqlQuery(PRIV(s), q, e))
IMPL(StatementSetSubstraitPlan,
     (struct AdbcStatement* s, const uint8_t* p, size_t n, struct AdbcError* e), (s, p, n, e),
     sealaneStatementSetSubstraitPlan(PRIV(s), p, n, e))
IMPL(StatementPrepare, (struct AdbcStatement* s, struct AdbcError* e), (s, e),
     sealaneStatementPrepare(PRIV(s), e))
IMPL(StatementExecuteQuery,
     (struct AdbcStatement* s, struct ArrowArrayStream* out, int64_t* rows, struct AdbcError* e),
     (s, out, rows, e), sealaneStatementExecuteQuery(PRIV(s), out, rows, e))
IMPL(StatementExecuteSchema,
     (struct AdbcStatement* s, struct ArrowSchema* out, struct AdbcError* e), (s, out, e),
     sealaneStatementExecuteSchema(PRIV(s), out, e))
IMPL(StatementExecutePartitions,
     (struct AdbcStatement* s, struct ArrowSchema* sc, struct AdbcPartitions* p, int64_t* rows,
      struct AdbcError* e),
     (s, sc, p, rows, e), sealaneStatementExecutePartitions(PRIV(s), sc, p, rows, e))
IMPL(StatementGetParameterSchema,
     (struct AdbcStatement* s, struct ArrowSchema* out, struct AdbcError* e), (s, out, e),
     sealaneStatementGetParameterSchema(PRIV(s), out, e))
IMPL(StatementBind,
     (struct AdbcStatement* s, struct ArrowArray* v, struct ArrowSchema* sc, struct AdbcError* e),
     (s, v, sc, e), sealaneStatementBind(PRIV(s), v, sc, e))
IMPL(StatementBindStream,
     (struct AdbcStatement* s, struct ArrowArrayStream* st, struct AdbcError* e), (s, st, e),
     sealaneStatementBindStream(PRIV(s), st, e))

/* Errors */

void sealaneReleaseError(struct AdbcError* e) {
  if (!e) return;
  free(e->message);
  e->message = NULL;
  if (e->vendor_code == ADBC_ERROR_VENDOR_CODE_PRIVATE_DATA && e->private_data) {
    struct SealaneErrorDetails* d = (struct SealaneErrorDetails*)e->private_data;
    for (int i = 0; i < d->count; i++) {
      free(d->keys[i]);
      free(d->values[i]);
    }
    free(d->keys);
    free(d->values);
    free(d->lengths);
    free(d);
    e->private_data = NULL;
  }
  e->release = NULL;
}

/* details returns the detail list of one of this driver's 1.1.0 errors. */
static const struct SealaneErrorDetails* details(const struct AdbcError* e) {
  if (!e || e->release != sealaneReleaseError ||
      e->vendor_code != ADBC_ERROR_VENDOR_CODE_PRIVATE_DATA) {
    return NULL;
  }
  return (const struct SealaneErrorDetails*)e->private_data;
}

static int sErrorGetDetailCount(const struct AdbcError* e) {
  const struct SealaneErrorDetails* d = details(e);
  return d ? d->count : 0;
}

static struct AdbcErrorDetail sErrorGetDetail(const struct AdbcError* e, int i) {
  struct AdbcErrorDetail out = {NULL, NULL, 0};
  const struct SealaneErrorDetails* d = details(e);
  if (d && i >= 0 && i < d->count) {
    out.key = d->keys[i];
    out.value = d->values[i];
    out.value_length = d->lengths[i];
  }
  return out;
}

/* Result streams: a SealaneStream wraps the stream Go exported (see
 * stream.go) and keeps the error of a failed call. */

static void sStreamRelease(struct ArrowArrayStream* s);

static int sStreamCheck(struct SealaneStream* w, int rc) {
  if (rc != 0) {
    w->status = sealaneStreamError(w->handle, &w->error);
    if (w->status == ADBC_STATUS_OK) w->status = ADBC_STATUS_UNKNOWN;
  }
  return rc;
}

static int sStreamGetSchema(struct ArrowArrayStream* s, struct ArrowSchema* out) {
  struct SealaneStream* w = (struct SealaneStream*)s->private_data;
  return sStreamCheck(w, w->inner.get_schema(&w->inner, out));
}

static int sStreamGetNext(struct ArrowArrayStream* s, struct ArrowArray* out) {
  struct SealaneStream* w = (struct SealaneStream*)s->private_data;
  return sStreamCheck(w, w->inner.get_next(&w->inner, out));
}

static const char* sStreamGetLastError(struct ArrowArrayStream* s) {
  struct SealaneStream* w = (struct SealaneStream*)s->private_data;
  return w->inner.get_last_error(&w->inner);
}

static void sStreamRelease(struct ArrowArrayStream* s) {
  if (!s || !s->release) return;
  struct SealaneStream* w = (struct SealaneStream*)s->private_data;
  if (w) {
    if (w->inner.release) w->inner.release(&w->inner);
    if (w->error.release) w->error.release(&w->error);
    sealaneStreamDrop(w->handle);
    free(w);
  }
  s->private_data = NULL;
  s->release = NULL;
}

struct SealaneStream* sealaneStreamNew(void) {
  struct SealaneStream* w = calloc(1, sizeof(struct SealaneStream));
  if (w) w->error.vendor_code = ADBC_ERROR_VENDOR_CODE_PRIVATE_DATA;
  return w;
}

void sealaneStreamWrap(struct ArrowArrayStream* out, struct SealaneStream* w) {
  out->get_schema = sStreamGetSchema;
  out->get_next = sStreamGetNext;
  out->get_last_error = sStreamGetLastError;
  out->release = sStreamRelease;
  out->private_data = w;
}

/* The error of a failed call on one of this driver's result streams, owned
 * by the stream (ADBC 1.1.0); NULL for other streams and before a failure. */
static const struct AdbcError* sErrorFromArrayStream(struct ArrowArrayStream* s,
                                                     AdbcStatusCode* status) {
  if (!s || s->release != sStreamRelease || !s->private_data) return NULL;
  struct SealaneStream* w = (struct SealaneStream*)s->private_data;
  if (w->status == ADBC_STATUS_OK) return NULL;
  if (status) *status = w->status;
  return &w->error;
}

int AdbcErrorGetDetailCount(const struct AdbcError* e) { return sErrorGetDetailCount(e); }
struct AdbcErrorDetail AdbcErrorGetDetail(const struct AdbcError* e, int i) {
  return sErrorGetDetail(e, i);
}
const struct AdbcError* AdbcErrorFromArrayStream(struct ArrowArrayStream* s,
                                                 AdbcStatusCode* status) {
  return sErrorFromArrayStream(s, status);
}

/* Driver */

static AdbcStatusCode sDriverRelease(struct AdbcDriver* d, struct AdbcError* e) {
  (void)e;
  if (d) d->release = NULL;
  return ADBC_STATUS_OK;
}

#define SET(Name) d->Name = s##Name

static AdbcStatusCode initDriver(int version, void* raw, struct AdbcError* e) {
  if (version != ADBC_VERSION_1_0_0 && version != ADBC_VERSION_1_1_0) {
    if (e) {
      if (e->release) e->release(e);
      e->message = strdup("sealane adbc: only ADBC 1.0.0 and 1.1.0 are supported");
      e->release = sealaneReleaseError;
    }
    return ADBC_STATUS_NOT_IMPLEMENTED;
  }
  if (!raw) return ADBC_STATUS_INVALID_ARGUMENT;
  struct AdbcDriver* d = (struct AdbcDriver*)raw;
  memset(d, 0, version == ADBC_VERSION_1_1_0 ? sizeof(*d) : SEALANE_DRIVER_1_0_0_SIZE);
  d->release = sDriverRelease;
  SET(DatabaseInit); SET(DatabaseNew); SET(DatabaseSetOption); SET(DatabaseRelease);
  SET(ConnectionCommit); SET(ConnectionGetInfo); SET(ConnectionGetObjects);
  SET(ConnectionGetTableSchema); SET(ConnectionGetTableTypes); SET(ConnectionInit);
  SET(ConnectionNew); SET(ConnectionSetOption); SET(ConnectionReadPartition);
  SET(ConnectionRelease); SET(ConnectionRollback);
  SET(StatementBind); SET(StatementBindStream); SET(StatementExecuteQuery);
  SET(StatementExecutePartitions); SET(StatementGetParameterSchema); SET(StatementNew);
  SET(StatementPrepare); SET(StatementRelease); SET(StatementSetOption);
  SET(StatementSetSqlQuery); SET(StatementSetSubstraitPlan);
  if (version == ADBC_VERSION_1_0_0) return ADBC_STATUS_OK;

  SET(ErrorGetDetailCount); SET(ErrorGetDetail); SET(ErrorFromArrayStream);
  SET(DatabaseGetOption); SET(DatabaseGetOptionBytes); SET(DatabaseGetOptionDouble);
  SET(DatabaseGetOptionInt); SET(DatabaseSetOptionBytes); SET(DatabaseSetOptionDouble);
  SET(DatabaseSetOptionInt);
  SET(ConnectionCancel); SET(ConnectionGetOption); SET(ConnectionGetOptionBytes);
  SET(ConnectionGetOptionDouble); SET(ConnectionGetOptionInt); SET(ConnectionGetStatistics);
  SET(ConnectionGetStatisticNames); SET(ConnectionSetOptionBytes);
  SET(ConnectionSetOptionDouble); SET(ConnectionSetOptionInt);
  SET(StatementCancel); SET(StatementExecuteSchema); SET(StatementGetOption);
  SET(StatementGetOptionBytes); SET(StatementGetOptionDouble); SET(StatementGetOptionInt);
  SET(StatementSetOptionBytes); SET(StatementSetOptionDouble); SET(StatementSetOptionInt);
  return ADBC_STATUS_OK;
}

/* The entry point, under the standard name, the name driver managers derive
 * from the file name (libadbc_driver_sealane -> AdbcDriverSealaneInit), and
 * a short alias. */
AdbcStatusCode AdbcDriverInit(int version, void* raw, struct AdbcError* e) {
  return initDriver(version, raw, e);
}
AdbcStatusCode AdbcDriverSealaneInit(int version, void* raw, struct AdbcError* e) {
  return initDriver(version, raw, e);
}
AdbcStatusCode SealaneDriverInit(int version, void* raw, struct AdbcError* e) {
  return initDriver(version, raw, e);
}

/* sealane extensions (sealane_adbc.h): asynchronous execution and logging. */

AdbcStatusCode SealaneStatementSubmit(struct AdbcStatement* s, SealaneHandle* h,
                                      struct AdbcError* e) {
  return sealaneStatementSubmit(PRIV(s), h, e);
}
AdbcStatusCode SealaneHandleGetStatementId(SealaneHandle h, char* v, size_t* n,
                                           struct AdbcError* e) {
  return sealaneHandleGetStatementId(h, v, n, e);
}
AdbcStatusCode SealaneHandleStatus(SealaneHandle h, char* v, size_t* n, struct AdbcError* e) {
  return sealaneHandleStatus(h, v, n, e);
}
AdbcStatusCode SealaneHandleWait(SealaneHandle h, int64_t timeout_ms, struct ArrowArrayStream* out,
                                 struct AdbcError* e) {
  return sealaneHandleWait(h, timeout_ms, out, e);
}
AdbcStatusCode SealaneHandleCancel(SealaneHandle h, struct AdbcError* e) {
  return sealaneHandleCancel(h, e);
}
AdbcStatusCode SealaneHandleRelease(SealaneHandle h, struct AdbcError* e) {
  return sealaneHandleRelease(h, e);
}

void SealaneSetLogCallback(SealaneLogCallback cb, int level) { sealaneSetLogCallback(cb, level); }
void SealaneSetLogLevel(int level) { sealaneSetLogLevel(level); }
void SealaneFlushLog(void) { sealaneFlushLog(); }

void sealaneCallLog(SealaneLogCallback cb, int level, const char* logger, const char* message) {
  if (cb) cb(level, logger, message);
}
