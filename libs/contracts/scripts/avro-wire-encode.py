#!/usr/bin/python3
"""Encode one JSON value as an Avro message in the Confluent wire format, for producers outside Folio.

usage: avro-wire-encode.py REGISTRY_URL SUBJECT VALUE.json > message.bin

Fetches the latest schema of SUBJECT from the registry, encodes the value with the Apache Avro library
(Debian: python3-avro) and writes magic byte 0, the 4-byte big-endian schema id and the Avro binary body.
In VALUE.json, dates are "YYYY-MM-DD", timestamps ISO 8601 (e.g. "2026-03-03T10:00:00Z"), optional fields
null or their value. Send the file with kcat: kcat -P -b BROKERS -t TOPIC -k KEY -H tenant-id=... message.bin
"""
import datetime
import io
import json
import struct
import sys
import urllib.parse
import urllib.request

import avro.io
import avro.schema


def fetch_latest(registry, subject):
    url = f"{registry.rstrip('/')}/subjects/{urllib.parse.quote(subject, safe='')}/versions/latest"
    with urllib.request.urlopen(url) as res:
        body = json.load(res)
    return body["id"], body["schema"]


def to_datum(schema, value):
    """Turns JSON values into what the Avro library expects for logical types (date, timestamp-millis)."""
    if value is None:
        return None
    if isinstance(schema, avro.schema.UnionSchema):
        branch = next(s for s in schema.schemas if s.type != "null")
        return to_datum(branch, value)
    logical = getattr(schema, "logical_type", None) or schema.get_prop("logicalType")
    if logical == "date":
        return datetime.date.fromisoformat(value)
    if logical == "timestamp-millis":
        return datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    if isinstance(schema, avro.schema.RecordSchema):
        return {f.name: to_datum(f.type, value.get(f.name)) for f in schema.fields}
    if isinstance(schema, avro.schema.ArraySchema):
        return [to_datum(schema.items, v) for v in value]
    if isinstance(schema, avro.schema.MapSchema):
        return {k: to_datum(schema.values, v) for k, v in value.items()}
    return value


def main():
    registry, subject, value_file = sys.argv[1:4]
    schema_id, schema_text = fetch_latest(registry, subject)
    schema = avro.schema.parse(schema_text)
    with open(value_file) as f:
        value = json.load(f)
    body = io.BytesIO()
    avro.io.DatumWriter(schema).write(to_datum(schema, value), avro.io.BinaryEncoder(body))
    sys.stdout.buffer.write(b"\x00" + struct.pack(">I", schema_id) + body.getvalue())


if __name__ == "__main__":
    main()
