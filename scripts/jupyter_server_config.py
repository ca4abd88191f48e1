"""JupyterLab for this project (`make lab`): notebooks open and run as usual, but what is saved
is only what is committed — the code, the markdown and their tags — never outputs, execution
counts or the metadata a kernel adds. Running and saving a notebook (or autosave) therefore
leaves `git status` clean; executed notebooks with their outputs are written by
`zhuzhou-budget report` into reports/.
"""

# Keys of a notebook's language_info as committed; a running kernel adds its version.
LANGUAGE_INFO_KEYS = ("codemirror_mode", "file_extension", "mimetype", "name", "pygments_lexer")
# Cell metadata a session adds (timings, collapse and scroll state); tags and the rest stay.
SESSION_CELL_KEYS = ("execution", "collapsed", "scrolled", "jupyter", "ExecuteTime")


def strip_session(model, **kwargs):
    """pre_save_hook: drop outputs, execution counts and session metadata before saving."""
    if model.get("type") != "notebook":
        return
    content = model["content"]
    for cell in content["cells"]:
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
        for key in SESSION_CELL_KEYS:
            cell.get("metadata", {}).pop(key, None)
    info = content.get("metadata", {}).get("language_info")
    if isinstance(info, dict):
        for key in list(info):
            if key not in LANGUAGE_INFO_KEYS:
                del info[key]


c = get_config()  # noqa: F821 (provided by Jupyter when it reads this file)
c.FileContentsManager.pre_save_hook = strip_session
c.ServerApp.root_dir = str(__import__("pathlib").Path(__file__).resolve().parent.parent)
