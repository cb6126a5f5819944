#ifndef CAREGATE_CMOSQUITTO_SHIM_H
#define CAREGATE_CMOSQUITTO_SHIM_H
// libmosquitto's public API imports into Swift as is; this header only exists so the
// module map has one place to include it from.
#include <mosquitto.h>
#endif
