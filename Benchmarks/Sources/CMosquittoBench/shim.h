#ifndef CAREGATE_BENCH_CMOSQUITTO_SHIM_H
#define CAREGATE_BENCH_CMOSQUITTO_SHIM_H
// libmosquitto's public API imports into Swift as is; the module map includes it from here.
#include <mosquitto.h>
#endif
