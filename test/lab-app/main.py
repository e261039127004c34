"""Serves the JupyterLab 4 front end built in ./build with Debian's jupyterlab_server.

The test suite starts it as
    /usr/bin/python3 main.py --ServerApp.ip=127.0.0.1 --ServerApp.port=N --ServerApp.token=T ...
and `npm run lab` where no JupyterLab is installed. Settings, workspaces and the page config
(which may disable an extension, as `jupyter labextension disable` does) live in
GRULAB_LAB_STATE: a folder of the test's own, or the user's, never the build folder.

JupyterLab 4 expects jupyter_server 2 and jupyter-lsp, which every `pip install jupyterlab`
brings; Debian packages jupyter_server 1.23, which lacks three endpoints Lab 4 calls. They are
answered here as a default Lab 4 install answers them (see SERVER2_ENDPOINTS):
  /api/me               who the user is: without it Lab 4's user service never becomes ready;
  /api/events/subscribe the server's event bus (a WebSocket): Lab 4 reconnects while it fails;
  /lsp/status           jupyter-lsp's language servers: none are installed.
"""
import json
import os
import uuid

from jupyter_server.base.handlers import APIHandler, JupyterHandler
from jupyterlab_server import LabServerApp
from tornado import web, websocket

HERE = os.path.dirname(os.path.abspath(__file__))
BUILD = os.path.join(HERE, "build")
STATE = os.environ.get("GRULAB_LAB_STATE", os.path.join(HERE, "state"))

# Configuration files of the user's own Jupyter must not change what the tests see.
os.environ["JUPYTER_NO_CONFIG"] = "1"

with open(os.path.join(HERE, "package.json"), encoding="utf-8") as f:
    VERSION = json.load(f)["version"]


class IdentityHandler(APIHandler):
    """GET /api/me: the token's user, as jupyter_server 2 names one it knows nothing about."""

    USERNAME = uuid.uuid4().hex

    @web.authenticated
    def get(self):
        name = "Anonymous"
        identity = {"username": self.USERNAME, "name": name, "display_name": name,
                    "initials": "A", "avatar_url": None, "color": None}
        self.finish(json.dumps({"identity": identity, "permissions": {}}))


class EventsSubscribeHandler(JupyterHandler, websocket.WebSocketHandler):
    """WS /api/events/subscribe: an event bus open to an authenticated page, on which this
    server emits nothing (jupyter_server 2 emits contents and kernel events nobody here reads)."""

    async def get(self, *args, **kwargs):
        if self.get_current_user() is None:
            raise web.HTTPError(403)
        await super().get(*args, **kwargs)

    def on_message(self, message):
        pass


class LspStatusHandler(APIHandler):
    """GET /lsp/status: jupyter-lsp's answer when no language server is installed."""

    @web.authenticated
    def get(self):
        self.finish(json.dumps({"version": 2, "sessions": {}, "specs": {}}))


SERVER2_ENDPOINTS = [
    (r"/api/me", IdentityHandler),
    (r"/api/events/subscribe", EventsSubscribeHandler),
    (r"/lsp/status", LspStatusHandler),
]


def _jupyter_server_extension_points():
    return [{"module": __name__, "app": GrulabTestLab}]


class GrulabTestLab(LabServerApp):
    name = __name__
    extension_url = "/lab"
    default_url = "/lab"
    load_other_extensions = False
    app_name = "JupyterLab (built by grulab)"
    app_version = VERSION
    static_dir = BUILD
    templates_dir = os.path.join(HERE, "templates")
    schemas_dir = os.path.join(BUILD, "schemas")
    themes_dir = os.path.join(BUILD, "themes")
    app_settings_dir = os.path.join(STATE, "app-settings")
    user_settings_dir = os.path.join(STATE, "user-settings")
    workspaces_dir = os.path.join(STATE, "workspaces")

    def initialize_handlers(self):
        self.handlers.extend(SERVER2_ENDPOINTS)
        super().initialize_handlers()

    def initialize_settings(self):
        super().initialize_settings()
        settings = self.serverapp.web_app.settings
        # No terminals: the app leaves out Lab's terminal extension (notebooks and kernels only).
        settings["terminals_available"] = False
        settings["page_config_hook"] = _without_announcements


def _without_announcements(handler, page_config):
    """Lab 4's news and update check needs the `jupyterlab` package's /lab/api/news and
    /lab/api/update, which jupyterlab_server alone lacks (and the news is off the machine):
    switched off, as `jupyter labextension disable` would."""
    disabled = page_config.setdefault("disabledExtensions", [])
    if ANNOUNCEMENTS not in disabled:
        disabled.append(ANNOUNCEMENTS)
    return page_config


ANNOUNCEMENTS = "@jupyterlab/apputils-extension:announcements"


if __name__ == "__main__":
    GrulabTestLab.launch_instance()
