"""The smallest embedding of Clapboard: build the app in code and serve it.

    python examples/minimal_app.py      # then: curl http://127.0.0.1:8081/status

Only the core is enabled here (no studio plugin), on a SQLite file in ./demo-data.
"""

import waitress

from clapboard import create_app, load_config
from clapboard.migrations import upgrade

config = load_config(overrides={"data_dir": "./demo-data", "plugins": {"enabled": []}})
app = create_app(config, check_schema=False)
with app.db.connection_context():
    upgrade(app.db, app.migrations)

if __name__ == "__main__":
    waitress.serve(app, host="127.0.0.1", port=8081)
