"""Serves the JupyterLab 3.6 front end built in ./build with Debian's jupyterlab_server.

The test suite starts it as
    /usr/bin/python3 main.py --ServerApp.ip=127.0.0.1 --ServerApp.port=N --ServerApp.token=T ...
Settings, workspaces and the page config (which may disable an extension, as
`jupyter labextension disable` does) live in GRULAB_LAB_STATE, a folder of the test's own,
so nothing in the build folder or the user's Jupyter folders changes.
"""
import json
import os

from jupyterlab_server import LabServerApp

HERE = os.path.dirname(os.path.abspath(__file__))
BUILD = os.path.join(HERE, "build")
STATE = os.environ.get("GRULAB_LAB_STATE", os.path.join(HERE, "state"))

# Configuration files of the user's own Jupyter must not change what the tests see.
os.environ["JUPYTER_NO_CONFIG"] = "1"

with open(os.path.join(HERE, "package.json"), encoding="utf-8") as f:
    VERSION = json.load(f)["version"]


def _jupyter_server_extension_points():
    return [{"module": __name__, "app": GrulabTestLab}]


class GrulabTestLab(LabServerApp):
    name = __name__
    extension_url = "/lab"
    default_url = "/lab"
    load_other_extensions = False
    app_name = "JupyterLab (grulab test build)"
    app_version = VERSION
    static_dir = BUILD
    templates_dir = os.path.join(HERE, "templates")
    schemas_dir = os.path.join(BUILD, "schemas")
    themes_dir = os.path.join(BUILD, "themes")
    app_settings_dir = os.path.join(STATE, "app-settings")
    user_settings_dir = os.path.join(STATE, "user-settings")
    workspaces_dir = os.path.join(STATE, "workspaces")

    def initialize_settings(self):
        super().initialize_settings()
        # No terminals: the tests need notebooks and kernels only.
        self.serverapp.web_app.settings["terminals_available"] = False


if __name__ == "__main__":
    GrulabTestLab.launch_instance()
