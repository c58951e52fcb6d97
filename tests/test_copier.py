"""The copy of the student edition into work/ and the pre-save hook never lose a student's work
and never stop JupyterLab (jupyter_server_config.py, deploy/copy-course.sh).

Faults give one line on stderr, no traceback, and JupyterLab still gets every course setting;
a copy that fails leaves no file behind; the pre-save hook never raises and strips only files
that really are in notebooks/."""

from __future__ import annotations

import builtins
import copy
import errno
import json
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from jupyter_server.services.contents.filemanager import FileContentsManager
from traitlets.config import PyFileConfigLoader

import jupyter_server_config as cfg

REPO = Path(__file__).resolve().parents[1]
CONFIG = REPO / "jupyter_server_config.py"
SETTINGS = REPO / "overrides.json"
COPY_COURSE = REPO / "deploy" / "copy-course.sh"
ON_POSIX = os.name == "posix"


def notebook(text, outputs=(), count=None, metadata=None):
    return {"cells": [{"cell_type": "code", "execution_count": count, "id": "c1",
                       "metadata": metadata or {}, "outputs": list(outputs), "source": text}],
            "metadata": {"kernelspec": {"name": "python3"}}, "nbformat": 4, "nbformat_minor": 5}


@pytest.fixture
def course(tmp_path, monkeypatch):
    """A course folder as `make lab` sees it: the config, the JupyterLab settings and a small
    student edition; JupyterLab's app dir (where the settings go) in tmp_path/lab."""
    root = tmp_path / "course"
    (root / "notebooks" / "student").mkdir(parents=True)
    shutil.copy2(CONFIG, root / CONFIG.name)
    shutil.copy2(SETTINGS, root / SETTINGS.name)
    monkeypatch.setenv("JUPYTERLAB_DIR", str(tmp_path / "lab"))
    for name in ("01_a.ipynb", "02_b.ipynb", "03_c.ipynb"):
        text = json.dumps(notebook(f"print('{name}')"), indent=1)
        (root / "notebooks" / "student" / name).write_text(text)
        (root / "notebooks" / name).write_text(text)
    return root


def symlink(link: Path, to) -> None:
    try:
        os.symlink(to, link)
    except (OSError, NotImplementedError) as error:  # Windows without the privilege
        pytest.skip(f"cannot create a symbolic link here: {error}")


def temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob(".*partial*"))


def one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in text, text
    return lines[0]


# -------------------------------------------------------------------------------- the copy


def test_copier_copies_each_new_notebook_whole(course, capsys):
    src, work = course / "notebooks" / "student", course / "work"
    assert cfg.copy_student_edition(src, work) == ["01_a.ipynb", "02_b.ipynb", "03_c.ipynb"]
    for p in src.iterdir():
        assert (work / p.name).read_bytes() == p.read_bytes()
    assert temporaries(work) == [] and capsys.readouterr().err == ""
    assert cfg.copy_student_edition(src, work) == []


def test_copier_read_error_midway_leaves_no_file_and_no_temporary(course, monkeypatch, capsys):
    src, work = course / "notebooks" / "student", course / "work"
    broken, read_bytes = src / "02_b.ipynb", Path.read_bytes

    def failing_read(path):
        if path == broken:
            with open(path, "rb") as fh:
                fh.read(100)  # the first part reads, then the disk fails
            raise OSError(errno.EIO, "Input/output error")
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", failing_read)
    assert cfg.copy_student_edition(src, work) == ["01_a.ipynb", "03_c.ipynb"]
    assert not os.path.lexists(work / "02_b.ipynb") and temporaries(work) == []
    line = one_line(capsys.readouterr().err)
    assert line.startswith(f"{broken} cannot be read (Input/output error): skipped it"), line
    monkeypatch.undo()  # the disk is fine again: the next start copies it
    assert cfg.copy_student_edition(src, work) == ["02_b.ipynb"]


def test_copier_write_error_midway_leaves_no_file_and_no_temporary(course, monkeypatch):
    src, work = course / "notebooks" / "student", course / "work"

    def disk_full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)  # after the data was written to the temporary
    with pytest.raises(cfg.WorkUnusable, match=r"work/ cannot be written \(No space left"):
        cfg.copy_student_edition(src, work)
    assert list(work.iterdir()) == []


def test_copier_never_replaces_a_file_that_appears_during_the_copy(course, monkeypatch):
    src, work = course / "notebooks" / "student", course / "work"
    fsync = os.fsync

    def student_saves_first(fd):
        (work / "01_a.ipynb").write_text("saved by the student meanwhile")
        fsync(fd)

    monkeypatch.setattr(os, "fsync", student_saves_first)
    assert cfg.copy_student_edition(src, work) == ["02_b.ipynb", "03_c.ipynb"]
    assert (work / "01_a.ipynb").read_text() == "saved by the student meanwhile"
    assert temporaries(work) == []


def test_copier_without_hard_links_still_never_overwrites(course, monkeypatch):
    """File systems without hard links (FAT, some network shares): rename if the name is free."""
    src, work = course / "notebooks" / "student", course / "work"
    work.mkdir()
    (work / "02_b.ipynb").write_text("mine")

    def no_links(*args, **kwargs):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    assert cfg.copy_student_edition(src, work) == ["01_a.ipynb", "03_c.ipynb"]
    assert (work / "02_b.ipynb").read_text() == "mine" and temporaries(work) == []
    assert (work / "01_a.ipynb").read_bytes() == (src / "01_a.ipynb").read_bytes()


def test_copier_leaves_an_existing_file_untouched(course):
    src, work = course / "notebooks" / "student", course / "work"
    work.mkdir()
    mine = work / "01_a.ipynb"
    mine.write_bytes(b"")  # even an empty file is the student's
    os.utime(mine, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))
    before = mine.stat()
    assert "01_a.ipynb" not in cfg.copy_student_edition(src, work)
    after = mine.stat()
    assert mine.read_bytes() == b""
    assert (after.st_mtime_ns, after.st_ino, after.st_size) == \
        (before.st_mtime_ns, before.st_ino, before.st_size)


def test_copier_leaves_a_link_to_an_existing_file_untouched(course, tmp_path):
    src, work = course / "notebooks" / "student", course / "work"
    work.mkdir()
    elsewhere = tmp_path / "elsewhere.ipynb"
    elsewhere.write_text("the student's, kept elsewhere")
    symlink(work / "01_a.ipynb", elsewhere)
    assert "01_a.ipynb" not in cfg.copy_student_edition(src, work)
    assert os.readlink(work / "01_a.ipynb") == str(elsewhere)
    assert elsewhere.read_text() == "the student's, kept elsewhere"


def test_copier_replaces_a_link_to_nothing(course, tmp_path, capsys):
    src, work = course / "notebooks" / "student", course / "work"
    work.mkdir()
    gone = tmp_path / "gone" / "01_a.ipynb"
    symlink(work / "01_a.ipynb", gone)
    assert "01_a.ipynb" in cfg.copy_student_edition(src, work)
    assert not (work / "01_a.ipynb").is_symlink()
    assert (work / "01_a.ipynb").read_bytes() == (src / "01_a.ipynb").read_bytes()
    assert one_line(capsys.readouterr().err) == (
        f"{work / '01_a.ipynb'} was a link to {gone}, which does not exist: "
        "replaced it with the course's notebook")


# ------------------------------------------------------- work/ unusable: one line, still starts


def make_fault(kind: str, work: Path, monkeypatch) -> str:
    """Make work/ unusable in one way; return the start of the line that must say so."""
    if kind == "file":
        work.write_text("a file where the folder should be")
        return "work/ is a file, not a folder: rename it (e.g. to work.old) and start again; "
    if kind == "dangling link":
        symlink(work, work.parent / "gone")
        return (f"work/ is a link to {work.parent / 'gone'}, which does not exist: create that "
                "folder, or remove the link work, and start again; ")
    work.mkdir()
    if kind == "unwritable":  # what os.access says of a read-only folder (as root it never does)
        access = os.access
        monkeypatch.setattr(os, "access", lambda p, mode, **kw: False
                            if Path(p) == work and mode & os.W_OK else access(p, mode, **kw))
    elif kind == "writes refused":  # os.access says yes, the file system says no (ACLs, ro mount)
        real_open = builtins.open

        def refusing_open(file, mode="r", *args, **kwargs):
            if isinstance(file, (str, os.PathLike)) and set(mode) & set("wxa") and \
                    Path(os.path.abspath(file)).parent == work:
                raise PermissionError(errno.EACCES, "Permission denied", str(file))
            return real_open(file, mode, *args, **kwargs)

        monkeypatch.setattr(builtins, "open", refusing_open)
    else:  # a bug in the copy itself
        monkeypatch.setattr(os, "fsync", lambda fd: 1 / 0)
        return ("copying the course notebooks into work/ failed "
                "(ZeroDivisionError: division by zero): please report this; ")
    return "work/ is read-only (Permission denied): make it writable (e.g. chmod u+w work) " \
           "and start again; "


FAULTS = ["file", "dangling link", "unwritable", "writes refused", "bug"]


def load_config(root: Path):
    """The config file loaded as Jupyter loads it."""
    return PyFileConfigLoader(CONFIG.name, path=str(root)).load_config()


def test_copier_loaded_by_jupyter_copies_and_opens_work(course, capsys):
    c = load_config(course)
    out = capsys.readouterr()
    assert out.err == "" and "Copied 3 new notebook(s) into work" in out.out
    assert c.LabApp.default_url == "/lab/tree/work"
    assert sorted(p.name for p in (course / "work").iterdir()) == \
        ["01_a.ipynb", "02_b.ipynb", "03_c.ipynb"]


@pytest.mark.parametrize("kind", FAULTS)
def test_copier_fault_is_one_line_and_jupyterlab_gets_every_setting(course, kind, monkeypatch,
                                                                   capsys):
    work = course / "work"
    start = make_fault(kind, work, monkeypatch)
    c = load_config(course)
    line = one_line(capsys.readouterr().err)
    is_folder = os.path.isdir(work)
    assert line == start + "JupyterLab starts without copying the course notebooks" + \
        ("" if is_folder else " and opens on notebooks/student/ instead")
    assert c.ServerApp.root_dir == str(course)
    assert c.LabApp.default_url == ("/lab/tree/work" if is_folder
                                    else "/lab/tree/notebooks/student")
    assert c.ServerApp.ip == "127.0.0.1"
    assert c.ServerApp.allow_root == (hasattr(os, "geteuid") and os.geteuid() == 0)
    assert c.ContentsManager.pre_save_hook.__name__ == "strip_tracked_notebook"
    zmq = pytest.importorskip("zmq")
    if zmq.has("curve"):
        assert c.KernelManager.transport_encryption == "auto"
    assert not (is_folder and any(work.iterdir()))


@pytest.mark.parametrize("kind", FAULTS)
def test_copier_fault_raises_one_explained_error(course, kind, monkeypatch):
    work = course / "work"
    start = make_fault(kind, work, monkeypatch)
    monkeypatch.setattr(cfg, "REPO", course)  # paths shown relative to the course, as in use
    with pytest.raises(Exception) as caught:
        cfg.copy_student_edition(course / "notebooks" / "student", work)
    assert cfg.explain(caught.value, work) == start.removesuffix("; ")
    assert not os.path.isdir(work) or list(work.iterdir()) == []


@pytest.mark.parametrize("kind", ["file", "dangling link"])
def test_copier_standalone_exits_1_with_the_line(course, kind, monkeypatch):
    start = make_fault(kind, course / "work", monkeypatch)
    res = subprocess.run([sys.executable, CONFIG.name], cwd=course, capture_output=True,
                         text=True, timeout=60, check=False)
    assert res.returncode == 1 and res.stdout == ""
    assert one_line(res.stderr) == start + "the course notebooks were not copied"


@pytest.mark.skipif(not ON_POSIX, reason="POSIX permissions")
def test_copier_standalone_read_only_work_for_real(course):
    if os.geteuid() == 0:
        pytest.skip("running as root, who may write in a read-only (chmod 555) folder: "
                    "the monkeypatched variants above test this")
    work = course / "work"
    work.mkdir(mode=0o555)
    try:
        res = subprocess.run([sys.executable, CONFIG.name], cwd=course, capture_output=True,
                             text=True, timeout=60, check=False)
    finally:
        work.chmod(0o755)
    assert res.returncode == 1
    assert one_line(res.stderr).startswith("work/ is read-only (Permission denied)")


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
@pytest.mark.parametrize("kind", ["file", "dangling link"])
def test_copier_copy_course_sh_starts_the_server_when_the_copy_fails(course, kind, tmp_path):
    work = tmp_path / "home" / "work"
    work.parent.mkdir()
    if kind == "file":
        work.write_text("a file")
    else:
        symlink(work, tmp_path / "gone")
    env = dict(os.environ, NEUROLAB_COURSE_DIR=str(course), NEUROLAB_WORK_DIR=str(work))
    res = subprocess.run(["bash", str(COPY_COURSE), "echo", "started"], env=env,
                         capture_output=True, text=True, timeout=60, check=False)
    assert (res.returncode, res.stdout) == (0, "started\n"), res.stderr
    line = one_line(res.stderr)
    assert line.startswith(f"{work}/ is ") and \
        line.endswith("; the server starts without copying the course notebooks"), line


# ------------------------------------------------------------ the course's JupyterLab settings


def lab_schema(plugin_id: str) -> dict:
    """The settings schema JupyterLab ships for plugin_id ("@scope/package:plugin")."""
    from jupyterlab.commands import get_app_dir

    package, plugin = plugin_id.split(":")
    return json.loads((Path(get_app_dir()) / "schemas" / package / f"{plugin}.json").read_text())


def test_lab_settings_are_valid_settings_of_this_jupyterlab(monkeypatch):
    """Every setting in overrides.json is a property of its plugin's schema and a valid value
    of it (JupyterLab ignores an override it cannot match, with only a log line)."""
    import jsonschema

    monkeypatch.delenv("JUPYTERLAB_DIR", raising=False)
    settings = json.loads(SETTINGS.read_text())
    assert settings["@jupyterlab/apputils-extension:notification"] == \
        {"fetchNews": "false", "checkForUpdates": False}
    for plugin_id, values in settings.items():
        properties = lab_schema(plugin_id)["properties"]
        for key, value in values.items():
            assert key in properties, f"{plugin_id} has no setting {key!r}"
            jsonschema.validate(value, properties[key])


def test_loaded_by_jupyter_installs_the_lab_settings_beside_others(course, tmp_path, capsys):
    target = tmp_path / "lab" / "settings" / "overrides.d" / "neurolab.json"
    other = target.with_name("another-package.json")
    own = tmp_path / "lab" / "settings" / "overrides.json"  # a hand-written one wins over ours
    other.parent.mkdir(parents=True)
    other.write_text('{"x": 1}')
    own.write_text('{"y": 2}')
    load_config(course)
    assert capsys.readouterr().err == ""
    assert target.read_bytes() == SETTINGS.read_bytes()
    assert other.read_text() == '{"x": 1}' and own.read_text() == '{"y": 2}'
    assert sorted(p.name for p in target.parent.iterdir()) == \
        ["another-package.json", "neurolab.json"]  # no temporary left
    # an outdated copy is replaced; a current one is not rewritten
    target.write_text("{}")
    assert cfg.install_lab_settings(tmp_path / "lab", SETTINGS) == target
    assert target.read_bytes() == SETTINGS.read_bytes()
    assert cfg.install_lab_settings(tmp_path / "lab", SETTINGS) is None


def test_unwritable_lab_settings_are_one_line_and_jupyterlab_gets_every_setting(
        course, tmp_path, monkeypatch, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("JUPYTERLAB_DIR", str(blocker / "lab"))  # cannot be created
    c = load_config(course)
    err = capsys.readouterr().err
    line = one_line(err)
    assert line.startswith("the course's JupyterLab settings (overrides.json) could not be "
                           f"written to {blocker / 'lab' / 'settings' / 'overrides.d'}"), line
    assert line.endswith("JupyterLab starts with its own defaults and may ask about Jupyter "
                         "news (answer No)"), line
    assert c.LabApp.default_url == "/lab/tree/work"
    assert c.ContentsManager.pre_save_hook.__name__ == "strip_tracked_notebook"


@pytest.mark.slow  # three runs of the script, each starting Python and jupyter_server: 6 s
def test_standalone_lab_settings_installs_them_and_says_so(course, tmp_path):
    run = [sys.executable, str(course / CONFIG.name), "--lab-settings"]
    target = tmp_path / "lab" / "settings" / "overrides.d" / "neurolab.json"
    first = subprocess.run(run, capture_output=True, text=True, timeout=60)
    assert first.returncode == 0 and first.stdout == f"JupyterLab settings: {target} written\n"
    again = subprocess.run(run, capture_output=True, text=True, timeout=60)
    assert again.stdout == f"JupyterLab settings: {target} already current\n"
    assert not (course / "work").exists()  # only the settings: no copy into work/
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    fails = subprocess.run(run, capture_output=True, text=True, timeout=60,
                           env={**os.environ, "JUPYTERLAB_DIR": str(blocker / "lab")})
    assert fails.returncode == 1 and one_line(fails.stderr).startswith(
        "the course's JupyterLab settings could not be written to")


# -------------------------------------------------------------------------- the pre-save hook


OUT = [{"output_type": "stream", "name": "stdout", "text": "2\n"}]


def odd_models():
    """Models a server may be sent, none of which the hook may fail on."""
    code = {"cell_type": "code", "execution_count": 3, "metadata": {}, "outputs": OUT,
            "source": "1+1"}

    def nb(**content):
        return {"type": "notebook", "content": {"metadata": {}, "cells": [dict(code)],
                                                "nbformat": 4, "nbformat_minor": 5, **content}}

    return {
        "metadata a list": nb(metadata=["widgets"]),
        "metadata a string": nb(metadata="widgets"),
        "metadata None": nb(metadata=None),
        "cell metadata a list": nb(cells=[{**code, "metadata": ["scrolled"]}]),
        "cells a dict": nb(cells={"0": code}),
        "cells a string": nb(cells="1+1"),
        "cells None": nb(cells=None),
        "cell without cell_type": nb(cells=[{"outputs": OUT, "metadata": {"scrolled": 1}}]),
        "cell not a dict": nb(cells=["1+1", None, 3]),
        "content a string": {"type": "notebook", "content": "{}"},
        "content None": {"type": "notebook", "content": None},
        "content a list": {"type": "notebook", "content": []},
        "no content": {"type": "notebook"},
        "no type": {"content": notebook("x", OUT, 1)},
        "model a list": [],
        "model None": None,
    }


@pytest.mark.parametrize("name", list(odd_models()))
def test_pre_save_hook_never_raises_on_odd_models(name):
    model = odd_models()[name]
    sent = copy.deepcopy(model)
    cfg.strip_tracked_notebook(model, "notebooks/student/01_x.ipynb")
    is_notebook = isinstance(sent, dict) and sent.get("type") == "notebook"
    content = sent.get("content") if is_notebook else None
    if not isinstance(content, dict) or not isinstance(content.get("cells"), list):
        assert model == sent  # nothing it could strip: as JupyterLab sent it
        return
    # what it can strip is stripped, the odd parts are as they were
    assert model["content"]["metadata"] == content["metadata"]
    for got, was in zip(model["content"]["cells"], content["cells"]):
        if isinstance(was, dict) and was.get("cell_type") == "code":
            assert (got["outputs"], got["execution_count"]) == ([], None)
            assert got["metadata"] == was["metadata"]
        else:
            assert got == ({**was, "metadata": {}} if name == "cell without cell_type" else was)


@pytest.mark.parametrize("path", [None, 3, "", "/", "notebooks"])
def test_pre_save_hook_never_raises_on_odd_paths(path):
    model = {"type": "notebook", "content": notebook("1+1", OUT, 3)}
    cfg.strip_tracked_notebook(model, path)
    assert model == {"type": "notebook", "content": notebook("1+1", OUT, 3)}


def test_pre_save_hook_error_midway_leaves_the_model_as_sent(caplog):
    class Failing(dict):
        def pop(self, *args):
            raise RuntimeError("odd metadata")

    model = {"type": "notebook", "content": notebook("1+1", OUT, 3)}
    model["content"]["cells"].append({"cell_type": "code", "execution_count": 4, "outputs": OUT,
                                      "metadata": Failing(), "source": "2"})
    sent = copy.deepcopy(model)
    log = logging.getLogger("test-contents-manager")
    cm = SimpleNamespace(root_dir=str(REPO), log=log)
    with caplog.at_level(logging.WARNING, logger=log.name):
        cfg.strip_tracked_notebook(model, "notebooks/student/01_x.ipynb", contents_manager=cm)
    assert model == sent and model["content"]["cells"][0]["outputs"] == OUT  # not half-stripped
    assert [r.getMessage() for r in caplog.records] == [
        ("neurolab pre-save hook: notebooks/student/01_x.ipynb saved as it is, not stripped "
         "(RuntimeError: odd metadata)")]


@pytest.mark.parametrize("on_disk", ["not JSON", "[1, 2]", '{"metadata": [1]}', '{"cells": []}',
                                     "folder", "unreadable"])
def test_pre_save_hook_with_an_odd_file_on_disk_strips_with_the_sent_metadata(course, on_disk,
                                                                             monkeypatch):
    path = course / "notebooks" / "01_a.ipynb"
    if on_disk == "folder":
        path.unlink()
        path.mkdir()
    elif on_disk == "unreadable":
        real_open = builtins.open

        def unreadable(file, *args, **kwargs):
            if str(file) == str(path):
                raise PermissionError(errno.EACCES, "Permission denied", str(file))
            return real_open(file, *args, **kwargs)

        monkeypatch.setattr(builtins, "open", unreadable)
    else:
        path.write_text(on_disk)
    model = {"type": "notebook", "content": notebook("1+1", OUT, 3)}
    model["content"]["metadata"]["widgets"] = {"state": {}}
    cm = FileContentsManager(root_dir=str(course))
    cfg.strip_tracked_notebook(model, "notebooks/01_a.ipynb", contents_manager=cm)
    cell = model["content"]["cells"][0]
    assert (cell["outputs"], cell["execution_count"]) == ([], None)
    assert model["content"]["metadata"] == {"kernelspec": {"name": "python3"}}


def test_pre_save_hook_save_through_the_server_over_a_broken_file(course):
    """Through the server's own save code, over a course notebook left broken by a merge
    conflict: the save succeeds, stripped, with the metadata JupyterLab sent."""
    path = course / "notebooks" / "01_a.ipynb"
    path.write_text("<<<<<<< HEAD\n{\n=======\n")
    cm = FileContentsManager(root_dir=str(course))
    cm.pre_save_hook = cfg.strip_tracked_notebook
    content = notebook("1+1", OUT, 3)
    content["metadata"]["widgets"] = {"state": {}}
    cm.save({"type": "notebook", "format": "json", "content": content}, "notebooks/01_a.ipynb")
    saved = json.loads(path.read_text())
    assert saved["metadata"] == {"kernelspec": {"name": "python3"}}
    assert (saved["cells"][0]["outputs"], saved["cells"][0]["execution_count"]) == ([], None)


def stripped(path: str, root: Path | None = None) -> bool:
    model = {"type": "notebook", "content": notebook("1+1", OUT, 3)}
    cm = FileContentsManager(root_dir=str(root)) if root else None
    cfg.strip_tracked_notebook(model, path, contents_manager=cm)
    return model["content"]["cells"][0]["outputs"] == []


@pytest.mark.parametrize("path, strip", [
    ("notebooks/student/01_x.ipynb", True),
    ("/notebooks/01_x.ipynb", True),
    ("notebooks/../work/x.ipynb", False),
    ("notebooks/student/../../work/x.ipynb", False),
    ("notebooks2/x.ipynb", False),
    ("work/notebooks/x.ipynb", False),
    ("work/x.ipynb", False),
])
def test_pre_save_hook_strips_by_the_resolved_path(path, strip, course):
    assert stripped(path) == strip  # resolved against REPO, as the tests in test_delivery call it
    assert stripped(path, course) == strip  # against the server's root_dir


def test_pre_save_hook_follows_symbolic_links(course, tmp_path):
    work = course / "work"
    work.mkdir()
    (work / "mine.ipynb").write_text(json.dumps(notebook("mine")))
    # a name in notebooks/ for a file outside it: the student's, saved as it is
    symlink(course / "notebooks" / "student" / "mine.ipynb", work / "mine.ipynb")
    assert not stripped("notebooks/student/mine.ipynb", course)
    # a name elsewhere for a course file: stripped, it is a course file
    symlink(work / "course.ipynb", course / "notebooks" / "01_a.ipynb")
    assert stripped("work/course.ipynb", course)
    # notebooks/ itself a link: its files are course files all the same
    moved = tmp_path / "moved-notebooks"
    (course / "notebooks").rename(moved)
    symlink(course / "notebooks", moved)
    assert stripped("notebooks/01_a.ipynb", course)


# ------------------------------------------------------------------- the real server, slow


@pytest.mark.slow
def test_copier_make_lab_starts_with_the_course_settings_when_work_is_a_file(tmp_path):
    """`make lab` with work/ a file: one line, JupyterLab opens on notebooks/student/ and has
    the course settings (its contents API, the pre-save hook)."""
    from test_delivery import after_a_sitting, course_copy, get, save, start_lab, stop

    (tmp_path / "course").mkdir()
    root = course_copy(tmp_path / "course")
    (root / "work").write_text("my notes, in a file called work")
    proc, url, token, log = start_lab(root, tmp_path)
    try:
        text = log.read_text()
        base = url.split("/lab")[0]
        assert url.startswith(f"{base}/lab/tree/notebooks/student?token="), url
        line = ("work/ is a file, not a folder: rename it (e.g. to work.old) and start again; "
                "JupyterLab starts without copying the course notebooks and opens on "
                "notebooks/student/ instead")
        assert text.count(line) == 1 and "Traceback" not in text, text
        assert (root / "work").read_text() == "my notes, in a file called work"
        listing = get(f"{base}/api/contents/notebooks", token)
        assert "student" in {e["name"] for e in listing["content"]}
        assert b"JupyterLab" in get(f"{base}/lab/tree/notebooks/student", token)
        # the pre-save hook is installed: saving a run course notebook leaves it as it was
        name = min((root / "notebooks/student").glob("*.ipynb")).name
        before = (root / "notebooks/student" / name).read_bytes()
        path = f"notebooks/student/{name}"
        save(base, token, path, after_a_sitting(base, token, path))
        assert (root / "notebooks/student" / name).read_bytes() == before
    finally:
        stop(proc)
