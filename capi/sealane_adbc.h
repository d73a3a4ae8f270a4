/*
 * sealane_adbc.h: the subset of the ADBC 1.1.0 C API (and of the Arrow C
 * Data / C Stream interfaces) that libadbc_driver_sealane implements.
 *
 * The layouts follow the published ABI of arrow-adbc's adbc.h and of
 * Arrow's abi.h field for field; only declarations this driver needs are
 * here. Everything prefixed "sealane" is private to the library (the
 * linker version script exports.map hides it).
 */
#ifndef SEALANE_ADBC_H
#define SEALANE_ADBC_H

#include <stddef.h>
#include <stdint.h>

#ifndef ARROW_C_DATA_INTERFACE
#define ARROW_C_DATA_INTERFACE
struct ArrowSchema {
  const char* format;
  const char* name;
  const char* metadata;
  int64_t flags;
  int64_t n_children;
  struct ArrowSchema** children;
  struct ArrowSchema* dictionary;
  void (*release)(struct ArrowSchema*);
  void* private_data;
};

struct ArrowArray {
  int64_t length;
  int64_t null_count;
  int64_t offset;
  int64_t n_buffers;
  int64_t n_children;
  const void** buffers;
  struct ArrowArray** children;
  struct ArrowArray* dictionary;
  void (*release)(struct ArrowArray*);
  void* private_data;
};
#endif

#ifndef ARROW_C_STREAM_INTERFACE
#define ARROW_C_STREAM_INTERFACE
struct ArrowArrayStream {
  int (*get_schema)(struct ArrowArrayStream*, struct ArrowSchema* out);
  int (*get_next)(struct ArrowArrayStream*, struct ArrowArray* out);
  const char* (*get_last_error)(struct ArrowArrayStream*);
  void (*release)(struct ArrowArrayStream*);
  void* private_data;
};
#endif

typedef uint8_t AdbcStatusCode;

#define ADBC_STATUS_OK 0
#define ADBC_STATUS_UNKNOWN 1
#define ADBC_STATUS_NOT_IMPLEMENTED 2
#define ADBC_STATUS_INVALID_ARGUMENT 5
#define ADBC_STATUS_INVALID_STATE 6
#define ADBC_STATUS_INTERNAL 9

#define ADBC_VERSION_1_0_0 1000000
#define ADBC_VERSION_1_1_0 1001000

#define ADBC_ERROR_VENDOR_CODE_PRIVATE_DATA INT32_MIN

struct AdbcDriver;

/* AdbcError: private_data and private_driver exist from ADBC 1.1.0 on,
 * and may only be touched when vendor_code is
 * ADBC_ERROR_VENDOR_CODE_PRIVATE_DATA. */
struct AdbcError {
  char* message;
  int32_t vendor_code;
  char sqlstate[5];
  void (*release)(struct AdbcError* error);
  void* private_data;
  struct AdbcDriver* private_driver;
};

struct AdbcErrorDetail {
  const char* key;
  const uint8_t* value;
  size_t value_length;
};

struct AdbcDatabase {
  void* private_data;
  struct AdbcDriver* private_driver;
};

struct AdbcConnection {
  void* private_data;
  struct AdbcDriver* private_driver;
};

struct AdbcStatement {
  void* private_data;
  struct AdbcDriver* private_driver;
};

struct AdbcPartitions {
  size_t num_partitions;
  const uint8_t** partitions;
  const size_t* partition_lengths;
  void* private_data;
  void (*release)(struct AdbcPartitions* partitions);
};

#define SEALANE_FN(name, ...) AdbcStatusCode (*name)(__VA_ARGS__)

/* AdbcDriver: the function table; the members up to StatementSetSubstraitPlan
 * are ADBC 1.0.0, the rest 1.1.0. */
struct AdbcDriver {
  void* private_data;
  void* private_manager;
  SEALANE_FN(release, struct AdbcDriver*, struct AdbcError*);

  SEALANE_FN(DatabaseInit, struct AdbcDatabase*, struct AdbcError*);
  SEALANE_FN(DatabaseNew, struct AdbcDatabase*, struct AdbcError*);
  SEALANE_FN(DatabaseSetOption, struct AdbcDatabase*, const char*, const char*, struct AdbcError*);
  SEALANE_FN(DatabaseRelease, struct AdbcDatabase*, struct AdbcError*);

  SEALANE_FN(ConnectionCommit, struct AdbcConnection*, struct AdbcError*);
  SEALANE_FN(ConnectionGetInfo, struct AdbcConnection*, const uint32_t*, size_t,
             struct ArrowArrayStream*, struct AdbcError*);
  SEALANE_FN(ConnectionGetObjects, struct AdbcConnection*, int, const char*, const char*,
             const char*, const char**, const char*, struct ArrowArrayStream*,
             struct AdbcError*);
  SEALANE_FN(ConnectionGetTableSchema, struct AdbcConnection*, const char*, const char*,
             const char*, struct ArrowSchema*, struct AdbcError*);
  SEALANE_FN(ConnectionGetTableTypes, struct AdbcConnection*, struct ArrowArrayStream*,
             struct AdbcError*);
  SEALANE_FN(ConnectionInit, struct AdbcConnection*, struct AdbcDatabase*, struct AdbcError*);
  SEALANE_FN(ConnectionNew, struct AdbcConnection*, struct AdbcError*);
  SEALANE_FN(ConnectionSetOption, struct AdbcConnection*, const char*, const char*,
             struct AdbcError*);
  SEALANE_FN(ConnectionReadPartition, struct AdbcConnection*, const uint8_t*, size_t,
             struct ArrowArrayStream*, struct AdbcError*);
  SEALANE_FN(ConnectionRelease, struct AdbcConnection*, struct AdbcError*);
  SEALANE_FN(ConnectionRollback, struct AdbcConnection*, struct AdbcError*);

  SEALANE_FN(StatementBind, struct AdbcStatement*, struct ArrowArray*, struct ArrowSchema*,
             struct AdbcError*);
  SEALANE_FN(StatementBindStream, struct AdbcStatement*, struct ArrowArrayStream*,
             struct AdbcError*);
  SEALANE_FN(StatementExecuteQuery, struct AdbcStatement*, struct ArrowArrayStream*, int64_t*,
             struct AdbcError*);
  SEALANE_FN(StatementExecutePartitions, struct AdbcStatement*, struct ArrowSchema*,
             struct AdbcPartitions*, int64_t*, struct AdbcError*);
  SEALANE_FN(StatementGetParameterSchema, struct AdbcStatement*, struct ArrowSchema*,
             struct AdbcError*);
  SEALANE_FN(StatementNew, struct AdbcConnection*, struct AdbcStatement*, struct AdbcError*);
  SEALANE_FN(StatementPrepare, struct AdbcStatement*, struct AdbcError*);
  SEALANE_FN(StatementRelease, struct AdbcStatement*, struct AdbcError*);
  SEALANE_FN(StatementSetOption, struct AdbcStatement*, const char*, const char*,
             struct AdbcError*);
  SEALANE_FN(StatementSetSqlQuery, struct AdbcStatement*, const char*, struct AdbcError*);
  SEALANE_FN(StatementSetSubstraitPlan, struct AdbcStatement*, const uint8_t*, size_t,
             struct AdbcError*);

  int (*ErrorGetDetailCount)(const struct AdbcError* error);
  struct AdbcErrorDetail (*ErrorGetDetail)(const struct AdbcError* error, int index);
  const struct AdbcError* (*ErrorFromArrayStream)(struct ArrowArrayStream* stream,
                                                  AdbcStatusCode* status);

  SEALANE_FN(DatabaseGetOption, struct AdbcDatabase*, const char*, char*, size_t*,
             struct AdbcError*);
  SEALANE_FN(DatabaseGetOptionBytes, struct AdbcDatabase*, const char*, uint8_t*, size_t*,
             struct AdbcError*);
  SEALANE_FN(DatabaseGetOptionDouble, struct AdbcDatabase*, const char*, double*,
             struct AdbcError*);
  SEALANE_FN(DatabaseGetOptionInt, struct AdbcDatabase*, const char*, int64_t*,
             struct AdbcError*);
  SEALANE_FN(DatabaseSetOptionBytes, struct AdbcDatabase*, const char*, const uint8_t*, size_t,
             struct AdbcError*);
  SEALANE_FN(DatabaseSetOptionDouble, struct AdbcDatabase*, const char*, double,
             struct AdbcError*);
  SEALANE_FN(DatabaseSetOptionInt, struct AdbcDatabase*, const char*, int64_t,
             struct AdbcError*);

  SEALANE_FN(ConnectionCancel, struct AdbcConnection*, struct AdbcError*);
  SEALANE_FN(ConnectionGetOption, struct AdbcConnection*, const char*, char*, size_t*,
             struct AdbcError*);
  SEALANE_FN(ConnectionGetOptionBytes, struct AdbcConnection*, const char*, uint8_t*, size_t*,
             struct AdbcError*);
  SEALANE_FN(ConnectionGetOptionDouble, struct AdbcConnection*, const char*, double*,
             struct AdbcError*);
  SEALANE_FN(ConnectionGetOptionInt, struct AdbcConnection*, const char*, int64_t*,
             struct AdbcError*);
  SEALANE_FN(ConnectionGetStatistics, struct AdbcConnection*, const char*, const char*,
             const char*, char, struct ArrowArrayStream*, struct AdbcError*);
  SEALANE_FN(ConnectionGetStatisticNames, struct AdbcConnection*, struct ArrowArrayStream*,
             struct AdbcError*);
  SEALANE_FN(ConnectionSetOptionBytes, struct AdbcConnection*, const char*, const uint8_t*,
             size_t, struct AdbcError*);
  SEALANE_FN(ConnectionSetOptionDouble, struct AdbcConnection*, const char*, double,
             struct AdbcError*);
  SEALANE_FN(ConnectionSetOptionInt, struct AdbcConnection*, const char*, int64_t,
             struct AdbcError*);

  SEALANE_FN(StatementCancel, struct AdbcStatement*, struct AdbcError*);
  SEALANE_FN(StatementExecuteSchema, struct AdbcStatement*, struct ArrowSchema*,
             struct AdbcError*);
  SEALANE_FN(StatementGetOption, struct AdbcStatement*, const char*, char*, size_t*,
             struct AdbcError*);
  SEALANE_FN(StatementGetOptionBytes, struct AdbcStatement*, const char*, uint8_t*, size_t*,
             struct AdbcError*);
  SEALANE_FN(StatementGetOptionDouble, struct AdbcStatement*, const char*, double*,
             struct AdbcError*);
  SEALANE_FN(StatementGetOptionInt, struct AdbcStatement*, const char*, int64_t*,
             struct AdbcError*);
  SEALANE_FN(StatementSetOptionBytes, struct AdbcStatement*, const char*, const uint8_t*,
             size_t, struct AdbcError*);
  SEALANE_FN(StatementSetOptionDouble, struct AdbcStatement*, const char*, double,
             struct AdbcError*);
  SEALANE_FN(StatementSetOptionInt, struct AdbcStatement*, const char*, int64_t,
             struct AdbcError*);
};

#undef SEALANE_FN

/* Byte size of the 1.0.0 driver table: everything before ErrorGetDetailCount. */
#define SEALANE_DRIVER_1_0_0_SIZE (offsetof(struct AdbcDriver, ErrorGetDetailCount))

/* Go-side types: cgo cannot spell const, so these typedefs carry it. */
typedef const char cchar_t;
typedef const uint8_t cuint8_t;
typedef const uint32_t cuint32_t;

/* The detail list behind AdbcError.private_data (1.1.0 errors). */
struct SealaneErrorDetails {
  int count;
  char** keys;
  uint8_t** values;
  size_t* lengths;
};

/* Implemented in shim.c. */
void sealaneReleaseError(struct AdbcError* error);

/* A result stream as handed out: the Go exporter's stream (inner), a
 * cgo.Handle to the Go reader for its error, and the last error, kept for
 * AdbcErrorFromArrayStream. */
struct SealaneStream {
  struct ArrowArrayStream inner;
  uintptr_t handle;
  struct AdbcError error;
  AdbcStatusCode status;
};
struct SealaneStream* sealaneStreamNew(void);
void sealaneStreamWrap(struct ArrowArrayStream* out, struct SealaneStream* stream);

/* ------------------------------------------------------------------------
 * sealane extensions (exported, not part of ADBC).
 *
 * Asynchronous execution. SealaneStatementSubmit starts the statement's
 * query (set with AdbcStatementSetSqlQuery; options and one bound row of
 * parameters apply) and returns once the service has named it, with a
 * handle independent of the statement. String results follow
 * AdbcStatementGetOption: copied with their NUL when *length is large
 * enough, *length always set to the size needed. Every handle must be
 * released with SealaneHandleRelease (a result stream from
 * SealaneHandleWait lives on after it). Errors are AdbcErrors, as from
 * the ADBC functions.
 */
typedef uint64_t SealaneHandle;

#define ADBC_STATUS_TIMEOUT 12

AdbcStatusCode SealaneStatementSubmit(struct AdbcStatement* statement, SealaneHandle* handle,
                                      struct AdbcError* error);
/* The statement id the service gave. */
AdbcStatusCode SealaneHandleGetStatementId(SealaneHandle handle, char* value, size_t* length,
                                           struct AdbcError* error);
/* Polls once: PENDING, RUNNING, SUCCEEDED, FAILED, CANCELED or CLOSED
 * (a terminal state, once seen, is not polled again). */
AdbcStatusCode SealaneHandleStatus(SealaneHandle handle, char* value, size_t* length,
                                   struct AdbcError* error);
/* Waits for the statement and exports its result. timeout_ms < 0 waits
 * for as long as it takes; otherwise ADBC_STATUS_TIMEOUT after that long,
 * the statement still running (call again). A failed or cancelled
 * statement is an error with its SQLSTATE and statement id. One wait per
 * handle at a time: a call while another runs on the same handle fails at
 * once with ADBC_STATUS_INVALID_STATE. */
AdbcStatusCode SealaneHandleWait(SealaneHandle handle, int64_t timeout_ms,
                                 struct ArrowArrayStream* out, struct AdbcError* error);
/* Cancels the statement on the service (it ends CANCELED) and interrupts
 * waits and the result stream. */
AdbcStatusCode SealaneHandleCancel(SealaneHandle handle, struct AdbcError* error);
/* Releases the handle; a statement whose result was never exported is
 * closed on the service. */
AdbcStatusCode SealaneHandleRelease(SealaneHandle handle, struct AdbcError* error);

/* Logging. The driver's records (slog) at or above level are handed to
 * the callback, one at a time, from a thread of the library's own, never
 * from inside an ADBC call. Levels are Python's logging numbers (10 debug,
 * 20 info, 30 warning, 40 error). A NULL callback stops delivery; it
 * returns once no callback is running. Secrets are never logged. */
typedef void (*SealaneLogCallback)(int level, const char* logger, const char* message);
void SealaneSetLogCallback(SealaneLogCallback callback, int level);
void SealaneSetLogLevel(int level);
/* Returns once every record emitted before the call has been delivered. */
void SealaneFlushLog(void);

/* Implemented in shim.c: calls a log callback (cgo cannot call C function
 * pointers). */
void sealaneCallLog(SealaneLogCallback callback, int level, const char* logger,
                    const char* message);

#endif /* SEALANE_ADBC_H */
