"""Moving events between services over Redis Streams: relay, consumers, dead letters."""
