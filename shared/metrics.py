"""Prometheus metrics of the backbone; `/metrics` serves them."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

EVENTS_APPENDED = Counter("msp_events_appended_total", "Events committed to the store", ["service"])
EVENTS_RELAYED = Counter("msp_events_relayed_total", "Events put on the stream", ["service"])
RELAY_LAG = Gauge("msp_relay_lag_events", "Events committed but not yet on the stream", ["service"])
EVENTS_APPLIED = Counter(
    "msp_events_applied_total", "Events applied by a consumer group", ["group"]
)
EVENTS_DUPLICATE = Counter(
    "msp_events_duplicate_total", "Redeliveries skipped by the inbox", ["group"]
)
DELIVERY_FAILURES = Counter(
    "msp_event_delivery_failures_total", "Failed attempts to apply an event", ["group"]
)
DEAD_LETTERED = Counter(
    "msp_events_dead_lettered_total", "Events moved to the dead-letter stream", ["group"]
)
BATCH_SECONDS = Histogram(
    "msp_consumer_batch_seconds",
    "Time to apply one batch",
    ["group"],
    buckets=(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5),
)
HTTP_REQUESTS = Histogram(
    "msp_http_request_seconds",
    "HTTP request latency",
    ["service", "method", "route", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1.0, 2.5),
)
