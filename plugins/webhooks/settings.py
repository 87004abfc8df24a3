"""The ``[plugins.webhooks]`` table: how deliveries are sent and retried."""

SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "send": {"type": "boolean", "default": True,
                 "description": "Serving processes send deliveries. false: they are only queued (a staging copy "
                                "of the studio's database must not call its receivers; `clapboard webhooks send` "
                                "still sends them by hand)."},
        "workers": {"type": "integer", "minimum": 1, "maximum": 64, "default": 4,
                    "description": "Sender threads per serving process (never the request threads)."},
        "timeout_seconds": {"type": "number", "exclusiveMinimum": 0, "maximum": 300, "default": 10,
                            "description": "Connect and read timeout of one POST."},
        "max_attempts": {"type": "integer", "minimum": 1, "maximum": 100, "default": 8,
                         "description": "Tries before a delivery is marked failed (a replay starts again)."},
        "backoff_seconds": {"type": "number", "minimum": 0, "default": 10,
                            "description": "Wait before the 2nd try; doubled for each further one (with jitter)."},
        "max_backoff_seconds": {"type": "number", "minimum": 0, "default": 3600,
                                "description": "The longest wait between two tries."},
        "keep_days": {"type": "number", "minimum": 0, "default": 14,
                      "description": "Delivered rows older than this are deleted (failed ones are kept)."},
        "poll_seconds": {"type": "number", "exclusiveMinimum": 0, "maximum": 3600, "default": 5,
                         "description": "The senders look for due deliveries at least this often (deliveries "
                                         "of a killed process, retries)."},
    },
}
