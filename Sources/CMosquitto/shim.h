#ifndef CAREGATE_CMOSQUITTO_SHIM_H
#define CAREGATE_CMOSQUITTO_SHIM_H
// libmosquitto's public API imports into Swift as is; this header only exists so the
// module map has one place to include it from. mqtt_protocol.h adds the MQTT 5 property
// identifiers (MQTT_PROP_SESSION_EXPIRY_INTERVAL) and reason codes that mosquitto.h leaves out.
#include <mosquitto.h>
#include <mqtt_protocol.h>
#endif
