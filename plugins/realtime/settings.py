"""The ``[plugins.realtime]`` table: the Engine.IO timings and how many polls a process may hold."""

SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "ping_interval_seconds": {"type": "number", "minimum": 1, "maximum": 300, "default": 25,
                                  "description": "Engine.IO pingInterval: a poll is held at most this long, and "
                                                 "each client gets a ping at least this often."},
        "ping_timeout_seconds": {"type": "number", "minimum": 1, "maximum": 300, "default": 20,
                                 "description": "Engine.IO pingTimeout; a session not seen for interval + timeout "
                                                "(+ a margin) is closed."},
        "max_held_polls": {"type": "integer", "minimum": 0, "maximum": 10000, "default": 0,
                           "description": "Polls one process holds open at once (each holds a request thread); "
                                          "more are answered at once. 0: half of `threads`."},
        "tail_seconds": {"type": "number", "exclusiveMinimum": 0, "maximum": 10, "default": 0.1,
                         "description": "How often each process looks for events and packets written by "
                                        "other processes (its own wake its polls at once)."},
        "keep_seconds": {"type": "number", "minimum": 10, "default": 300,
                         "description": "Journal rows older than this are deleted (a client further behind "
                                        "reconnects and re-reads through the API, as Kitsu does)."},
        "excluded_events": {"type": "array", "items": {"type": "string"}, "default": ["webhooks:*"],
                            "description": "Event names (a trailing * for a prefix) never journaled nor sent."},
    },
}
