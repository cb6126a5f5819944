#!/usr/bin/python3
"""The naive baseline: what a site's IT staff might write by hand in an afternoon.

A paho-mqtt subscriber that parses every telemetry payload with json.loads, checks one threshold
(heart rate above 130), and inserts the rows into SQLite in batches of 100 (WAL, synchronous
NORMAL, one transaction per batch). It exits after `--count` messages, or when nothing has arrived
for `--idle` seconds, and prints one JSON line: how many messages it stored, the wall-clock times
of the first and last one, how many crossed the threshold, and its own CPU seconds.

Run by caregate-bench with the Debian interpreter (/usr/bin/python3 and python3-paho-mqtt).
"""
import argparse
import json
import sqlite3
import sys
import threading
import time

import paho.mqtt.client as mqtt

BATCH = 100


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--qos", type=int, default=1)
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--topic", default="care/+/+/+/telemetry")
    parser.add_argument("--idle", type=float, default=10.0)
    parser.add_argument("--ready-file", required=True, help="written once subscribed")
    args = parser.parse_args()

    db = sqlite3.connect(args.db, check_same_thread=False)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("CREATE TABLE IF NOT EXISTS telemetry (topic TEXT, ts INTEGER, seq INTEGER, heart_rate REAL, body TEXT)")

    state = {"stored": 0, "alerts": 0, "first": None, "last": None, "pending": []}
    done = threading.Event()

    def flush():
        if state["pending"]:
            with db:
                db.executemany("INSERT INTO telemetry VALUES (?, ?, ?, ?, ?)", state["pending"])
            state["stored"] += len(state["pending"])
            state["pending"] = []

    def on_connect(client, userdata, flags, rc):
        client.subscribe(args.topic, qos=args.qos)

    def on_subscribe(client, userdata, mid, granted):
        with open(args.ready_file, "w") as ready:
            ready.write("subscribed\n")

    def on_message(client, userdata, message):
        now = time.time()
        if state["first"] is None:
            state["first"] = now
        state["last"] = now
        body = json.loads(message.payload)
        heart_rate = body.get("props", {}).get("heart_rate")
        if heart_rate is not None and heart_rate > 130:
            state["alerts"] += 1
        state["pending"].append((message.topic, body.get("ts"), body.get("seq"), heart_rate, message.payload.decode()))
        if len(state["pending"]) >= BATCH:
            flush()
        if state["stored"] + len(state["pending"]) >= args.count:
            flush()
            done.set()

    client = mqtt.Client(client_id="naive-gateway", clean_session=True)
    client.max_inflight_messages_set(1000)
    client.on_connect = on_connect
    client.on_subscribe = on_subscribe
    client.on_message = on_message
    client.connect("127.0.0.1", args.port, keepalive=60)
    client.loop_start()

    # Stop after the expected count, or when the stream has gone quiet (messages were lost).
    while not done.wait(0.2):
        last = state["last"]
        if last is not None and time.time() - last > args.idle:
            break
    client.loop_stop()
    flush()
    print(json.dumps({
        "stored": state["stored"], "first": state["first"], "last": state["last"], "alerts": state["alerts"],
        "cpu": time.process_time(),
    }))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
