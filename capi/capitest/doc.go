// Package capitest tests libadbc_driver_sealane, the C ABI build of
// package capi, from the outside: the tests build the shared library, load
// it through arrow-adbc's Go driver manager (drivermgr) and through a small
// dlopen harness of this package (which reaches the ADBC 1.1.0 functions
// drivermgr does not wrap: GetOption, Cancel, error details,
// AdbcErrorFromArrayStream; and the library's Sealane* extensions, looked
// up with dlsym, with a C log callback), and run it against a local
// warehouse.
package capitest
