"""Installing a model: download from a real local HTTP server, unpack, verify, replace."""

from __future__ import annotations

import functools
import hashlib
import http.server
import re
import shutil
import subprocess
import threading
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
import requests

from device.voice.install import (
    OFFICIAL_MODELS,
    FileCheck,
    ModelSource,
    file_digest,
    install_model,
)
from household.errors import VoiceModelMissing

MODEL_FILES = {
    "am/final.mdl": b"acoustic model " * 1000,
    "conf/model.conf": b"--min-active=200\n",
    "graph/Gr.fst": b"grammar fst",
    "graph/HCLr.fst": b"lookahead fst",
    "ivector/final.ie": b"ivector extractor",
    "README": "Modèle français pour tests\n".encode(),
}


@pytest.fixture
def served(tmp_path):
    """A real http.server on 127.0.0.1:0 serving the files of a folder."""
    root = tmp_path / "www"
    root.mkdir()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def build_zip(path: Path, files: dict[str, bytes], top: str = "vosk-model-small-fr-0.22") -> None:
    with zipfile.ZipFile(path, "w") as bundle:
        for name, data in files.items():
            bundle.writestr(f"{top}/{name}" if top else name, data)


def source_for(url: str, files: dict[str, bytes], algorithm: str = "sha256") -> ModelSource:
    checks = []
    for name in ("am/final.mdl", "graph/Gr.fst", "graph/HCLr.fst", "ivector/final.ie", "README"):
        data = files[name]
        if algorithm == "sha256":
            digest = hashlib.sha256(data).hexdigest()
        else:
            digest = hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()
        checks.append(FileCheck(name, algorithm, digest))
    return ModelSource("fr", "vosk-model-small-fr-0.22", url, 1, tuple(checks))


@pytest.mark.parametrize("algorithm", ["sha256", "git-blob"])
def test_a_verified_model_is_installed_with_progress(served, tmp_path, algorithm):
    root, base = served
    build_zip(root / "model.zip", MODEL_FILES)
    progress = []
    with requests.Session() as session:
        target = install_model(
            source_for(f"{base}/model.zip", MODEL_FILES, algorithm),
            tmp_path / "data",
            session,
            lambda done, total: progress.append((done, total)),
        )
    assert target == tmp_path / "data" / "vosk" / "fr"
    for name, data in MODEL_FILES.items():
        assert (target / name).read_bytes() == data
    size = (root / "model.zip").stat().st_size
    assert progress[-1] == (size, size)
    assert [p.name for p in target.parent.iterdir()] == ["fr"]  # no staging left behind


def test_a_damaged_download_is_refused_and_the_installed_model_kept(served, tmp_path):
    root, base = served
    data_dir = tmp_path / "data"
    with requests.Session() as session:
        build_zip(root / "good.zip", MODEL_FILES)
        install_model(source_for(f"{base}/good.zip", MODEL_FILES), data_dir, session)
        damaged = {**MODEL_FILES, "graph/HCLr.fst": b"lookahead fsT"}
        build_zip(root / "bad.zip", damaged)
        with pytest.raises(VoiceModelMissing) as caught:
            install_model(source_for(f"{base}/bad.zip", MODEL_FILES), data_dir, session)
    expected = hashlib.sha256(b"lookahead fsT").hexdigest()
    assert str(caught.value).startswith(
        "The download of vosk-model-small-fr-0.22 failed verification: graph/HCLr.fst has "
        f"sha256 {expected}, expected "
    )
    assert "Nothing was installed" in str(caught.value)
    installed = data_dir / "vosk" / "fr"
    assert (installed / "graph" / "HCLr.fst").read_bytes() == b"lookahead fst"
    assert [p.name for p in installed.parent.iterdir()] == ["fr"]


def test_a_missing_file_a_non_zip_and_an_escaping_path_are_refused(served, tmp_path):
    root, base = served
    source = source_for("", MODEL_FILES)
    without_readme = {k: v for k, v in MODEL_FILES.items() if k != "README"}
    build_zip(root / "partial.zip", without_readme)
    (root / "page.zip").write_text("<html>captive portal</html>")
    build_zip(root / "evil.zip", {**MODEL_FILES, "../../evil": b"x"}, top="")
    cases = {
        "partial.zip": "has no README; nothing was installed",
        "page.zip": "is not a zip archive",
        "evil.zip": "holds a file outside its folder (../../evil)",
    }
    with requests.Session() as session:
        for name, message in cases.items():
            with pytest.raises(VoiceModelMissing, match=re.escape(message)):
                install_model(replace(source, url=f"{base}/{name}"), tmp_path / "d", session)
    assert not (tmp_path / "evil").exists()
    assert not (tmp_path / "d" / "vosk" / "fr").exists()


def test_an_unreachable_server_says_what_to_do(served, tmp_path):
    _root, base = served
    with requests.Session() as session, pytest.raises(VoiceModelMissing) as caught:
        install_model(source_for(f"{base}/absent.zip", MODEL_FILES), tmp_path, session)
    assert str(caught.value).startswith(
        f"Could not download vosk-model-small-fr-0.22 from {base}/absent.zip (404"
    )
    assert str(caught.value).endswith("set RESTOCK_VOSK_MODEL to its folder.")


def test_git_blob_digest_is_what_git_hash_object_prints(tmp_path):
    path = tmp_path / "README"
    path.write_bytes(MODEL_FILES["README"])
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    git = subprocess.run(["git", "hash-object", str(path)], capture_output=True, text=True)
    assert file_digest(path, "git-blob") == git.stdout.strip()


def test_the_checksums_in_code_are_those_of_sources_md(shared_dir):
    text = (shared_dir / "models" / "vosk" / "SOURCES.md").read_text(encoding="utf-8")
    french, english = text.split("vosk-model-small-en-us-0.15 (git blob ids")
    for check in OFFICIAL_MODELS["fr"].checks:
        row = next(line for line in french.splitlines() if line.startswith(f"| {check.path} |"))
        assert check.digest == row.split("|")[3].strip()
    for check in OFFICIAL_MODELS["en"].checks:
        row = next(line for line in english.splitlines() if line.startswith(f"| {check.path}"))
        assert check.digest == row.split("|")[2].strip()
    assert OFFICIAL_MODELS["fr"].url.endswith("/vosk-model-small-fr-0.22.zip")
    assert OFFICIAL_MODELS["en"].url.endswith("/vosk-model-small-en-us-0.15.zip")


def test_cli_install_from_a_mirror_refuses_a_model_that_is_not_the_official_one(
    served, restock, cli_env
):
    root, base = served
    build_zip(root / "model.zip", MODEL_FILES)
    result = restock("voice", "install", "fr", "--from", f"{base}/model.zip")
    assert result.returncode == 1
    assert result.stderr.startswith(
        "restock: The download of vosk-model-small-fr-0.22 failed verification: "
        "am/final.mdl has sha256 "
    )
    assert not (Path(cli_env["XDG_DATA_HOME"]) / "restock" / "vosk" / "fr").exists()
