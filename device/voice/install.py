"""Downloading an official Vosk small model, checking it, and installing it atomically.

The checksums come from shared/models/vosk/SOURCES.md and live here in code, so a
damaged or tampered download is refused before it replaces a working model: sha256 for
French, git blob ids (sha1 of ``blob <size>\\0<content>``, as ``git hash-object`` prints)
for English, which is all the Vosk project published for it.
"""

from __future__ import annotations

import hashlib
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import requests

from device.voice.models import installed_model_dir, is_model_dir
from household.errors import VoiceModelMissing

MODEL_BASE_URL = "https://alphacephei.com/vosk/models"
DOWNLOAD_TIMEOUT_S = 30.0
_BLOCK_BYTES = 1 << 20

Progress = Callable[[int, int | None], None]
"""Called with (bytes so far, total bytes or None) while downloading."""


@dataclass(frozen=True, slots=True)
class FileCheck:
    """The expected digest of one file of an unpacked model."""

    path: str
    algorithm: str
    """'sha256' or 'git-blob'."""
    digest: str


@dataclass(frozen=True, slots=True)
class ModelSource:
    """Where a language's model comes from and how to check it."""

    lang: str
    name: str
    url: str
    size_mb: int
    checks: tuple[FileCheck, ...]


def _checks(algorithm: str, table: dict[str, str]) -> tuple[FileCheck, ...]:
    return tuple(FileCheck(path, algorithm, digest) for path, digest in table.items())


# From shared/models/vosk/SOURCES.md ("Verification data for the large files").
_FRENCH_SHA256 = {
    "am/final.mdl": "580d99752e3f6f31fb4a03403b0b2a3a78b9665937e2823668b46d9c9ce1a1a1",
    "graph/Gr.fst": "4d5aefc6af664d1c47979ae3b9eb7e972c196e843ff4eee65e4c7b0c064723cf",
    "graph/HCLr.fst": "6562aee2cffac5ad2e569584bc8ca22b1bae0ce9e6e03f0f9898d9d7c267eaa5",
    "ivector/final.ie": "bd52bc5aeef1f35349c7a6fd3fb671a4a877ba04181da30d99f2cf01d4b75dd5",
    "README": "a036c27a5f30d95910f739ce9466539a5772cd13541e5fdddfbfae187993f8d8",
}

OFFICIAL_MODELS: dict[str, ModelSource] = {
    "fr": ModelSource(
        lang="fr",
        name="vosk-model-small-fr-0.22",
        url=f"{MODEL_BASE_URL}/vosk-model-small-fr-0.22.zip",
        size_mb=41,
        checks=_checks("sha256", _FRENCH_SHA256),
    ),
    "en": ModelSource(
        lang="en",
        name="vosk-model-small-en-us-0.15",
        url=f"{MODEL_BASE_URL}/vosk-model-small-en-us-0.15.zip",
        size_mb=40,
        checks=_checks(
            "git-blob",
            {
                "am/final.mdl": "5596b31d4fb9735918975e48abfc04582a561393",
                "graph/Gr.fst": "1f292e6398e94f0c99707d9b205f26056ffb6ac8",
                "graph/HCLr.fst": "9797b2628cba6119d8b9a7dbd9a2cd78126e4075",
                "ivector/final.ie": "93737bf720d6e9e3eed4d0e87431614e33f533b8",
                "README": "a7f79317d4bc64b0a46136c46728b64a0bd056e5",
            },
        ),
    ),
}


def file_digest(path: Path, algorithm: str) -> str:
    """The hex digest of the file at ``path``: 'sha256' or 'git-blob' (git hash-object)."""
    if algorithm == "sha256":
        digest = hashlib.sha256()
    elif algorithm == "git-blob":
        digest = hashlib.sha1(f"blob {path.stat().st_size}\0".encode())
    else:
        raise ValueError(f"unknown digest algorithm {algorithm!r}")
    with path.open("rb") as file:
        while block := file.read(_BLOCK_BYTES):
            digest.update(block)
    return digest.hexdigest()


def install_model(
    source: ModelSource,
    data_dir: Path,
    session: requests.Session,
    progress: Progress | None = None,
) -> Path:
    """Download, unpack and verify ``source``; it replaces the installed model only if sound."""
    target = installed_model_dir(data_dir, source.lang)
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f".{source.lang}-", dir=target.parent) as staging:
        archive = Path(staging) / "model.zip"
        _download(source, archive, session, progress)
        root = _unpack(source, archive, Path(staging) / "unpacked")
        verify_model(source, root)
        previous = Path(staging) / "previous"
        if target.exists():
            target.rename(previous)
        root.rename(target)
    return target


def verify_model(source: ModelSource, root: Path) -> None:
    """Raise VoiceModelMissing unless every checked file of ``root`` has its digest."""
    for check in source.checks:
        path = root / check.path
        if not path.is_file():
            raise VoiceModelMissing(
                f"The download of {source.name} has no {check.path}; nothing was installed. "
                f"Try again: restock voice install {source.lang}"
            )
        got = file_digest(path, check.algorithm)
        if got != check.digest:
            raise VoiceModelMissing(
                f"The download of {source.name} failed verification: {check.path} has "
                f"{check.algorithm} {got}, expected {check.digest}. Nothing was installed; "
                f"the file was damaged or altered. Try again: restock voice install {source.lang}"
            )


def _download(
    source: ModelSource, archive: Path, session: requests.Session, progress: Progress | None
) -> None:
    try:
        with session.get(source.url, stream=True, timeout=DOWNLOAD_TIMEOUT_S) as response:
            response.raise_for_status()
            total = int(response.headers.get("Content-Length") or 0) or None
            done = 0
            with archive.open("wb") as file:
                for block in response.iter_content(_BLOCK_BYTES):
                    file.write(block)
                    done += len(block)
                    if progress is not None:
                        progress(done, total)
    except requests.RequestException as err:
        raise VoiceModelMissing(
            f"Could not download {source.name} from {source.url} ({err}). Check the network "
            f"and try again, or download it by hand, unpack it and set RESTOCK_VOSK_MODEL "
            "to its folder."
        ) from err


def _unpack(source: ModelSource, archive: Path, into: Path) -> Path:
    """Extract ``archive`` into ``into`` (refusing paths that escape it); the model root."""
    try:
        with zipfile.ZipFile(archive) as bundle:
            base = into.resolve()
            for member in bundle.infolist():
                destination = (into / member.filename).resolve()
                if not destination.is_relative_to(base):
                    raise VoiceModelMissing(
                        f"The download of {source.name} holds a file outside its folder "
                        f"({member.filename}); nothing was installed."
                    )
            bundle.extractall(into)
    except zipfile.BadZipFile as err:
        raise VoiceModelMissing(
            f"The download of {source.name} is not a zip archive ({err}); nothing was "
            f"installed. Try again: restock voice install {source.lang}"
        ) from err
    candidates = [into, *sorted(p for p in into.iterdir() if p.is_dir())]
    for candidate in candidates:
        if is_model_dir(candidate):
            return candidate
    raise VoiceModelMissing(
        f"The download of {source.name} holds no Vosk model (no am/final.mdl); nothing was "
        f"installed. Try again: restock voice install {source.lang}"
    )
