"""The plugin's table. Third-party tables are prefixed ``plugin_<name>_``."""

import peewee

import clapboard


class LogEntry(clapboard.Model):
    shot_id = peewee.CharField(max_length=36, index=True)
    take = peewee.IntegerField()
    note = peewee.TextField()
    circled = peewee.BooleanField(default=False)

    class Meta:
        table_name = "plugin_shotlog_entry"

    def as_dict(self):
        return {"id": self.id, "shot_id": self.shot_id, "take": self.take,
                "note": self.note, "circled": self.circled}
