"""Audio in the one shape Vosk gets: 16 kHz, mono, signed 16-bit little-endian PCM.

WAV files of any rate, width and channel count are streamed in chunks (a long recording
never sits in memory twice) and resampled with soxr, a small, well-kept binding of the
SoX resampler (numpy has no band-limited resampler, and a home-made one costs accuracy
at the 44.1 kHz -> 16 kHz ratio a USB microphone forces on us). The microphone source
uses the same ``PcmConverter``, so files and live audio take one code path.
"""

from __future__ import annotations

import wave
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from household.errors import UsageError

TARGET_RATE = 16000
"""What the Vosk small models were trained on."""
CHUNK_S = 0.25
"""Seconds of audio per chunk fed to the recogniser (Vosk's own examples use 0.25 s)."""


class PcmConverter:
    """Turns interleaved integer PCM of one rate and width into 16 kHz mono int16 bytes.

    Stateful, for streams: the resampler keeps the tail of each chunk to filter the next
    one, so call ``convert`` for every chunk in order and ``flush`` once at the end.
    """

    def __init__(self, rate: int, channels: int = 1, sample_width: int = 2) -> None:
        if sample_width not in (1, 2, 3, 4):
            raise UsageError(f"{8 * sample_width}-bit audio is not supported; use 16-bit PCM.")
        self.rate = rate
        self.channels = channels
        self.sample_width = sample_width
        self._resampler = None
        if rate != TARGET_RATE:
            import soxr

            self._resampler = soxr.ResampleStream(
                rate, TARGET_RATE, 1, dtype="float32", quality="HQ"
            )

    def convert(self, data: bytes) -> bytes:
        """The 16 kHz mono int16 bytes for the next chunk of input (may be empty)."""
        mono = self._to_mono_float(data)
        if self._resampler is not None:
            mono = self._resampler.resample_chunk(mono, last=False)
        return _to_int16(mono)

    def flush(self) -> bytes:
        """The last samples held back by the resampler."""
        if self._resampler is None:
            return b""
        return _to_int16(self._resampler.resample_chunk(np.zeros(0, np.float32), last=True))

    def _to_mono_float(self, data: bytes) -> np.ndarray:
        width = self.sample_width
        usable = len(data) - len(data) % (width * self.channels)
        raw = np.frombuffer(data[:usable], dtype=np.uint8)
        if width == 1:  # 8-bit WAV is unsigned
            samples = (raw.astype(np.float32) - 128.0) / 128.0
        elif width == 3:  # 24-bit: widen to 32 bits by hand
            triplets = raw.reshape(-1, 3).astype(np.int32)
            value = triplets[:, 0] | (triplets[:, 1] << 8) | (triplets[:, 2] << 16)
            value = np.where(value & 0x800000, value - 0x1000000, value)
            samples = value.astype(np.float32) / float(1 << 23)
        else:
            dtype = np.dtype("<i2") if width == 2 else np.dtype("<i4")
            samples = raw.view(dtype).astype(np.float32) / float(1 << (8 * width - 1))
        if self.channels > 1:
            samples = samples.reshape(-1, self.channels).mean(axis=1)
        return samples.astype(np.float32, copy=False)


def _to_int16(samples: np.ndarray) -> bytes:
    return (np.clip(samples, -1.0, 1.0) * 32767.0).round().astype("<i2").tobytes()


def stream_wav(path: Path, chunk_s: float = CHUNK_S) -> Iterator[bytes]:
    """16 kHz mono int16 chunks of the WAV file at ``path``, whatever its format."""
    try:
        wav = wave.open(str(path), "rb")  # noqa: SIM115 (closed by the with below)
    except FileNotFoundError:
        raise UsageError(f"No such audio file: {path}.") from None
    except (wave.Error, EOFError) as err:
        raise UsageError(
            f"{path} is not a PCM WAV file ({err}). Convert it first, e.g. "
            f"sox '{path}' -r 16000 -c 1 -b 16 out.wav"
        ) from err
    with wav:
        converter = PcmConverter(wav.getframerate(), wav.getnchannels(), wav.getsampwidth())
        frames_per_chunk = max(1, int(wav.getframerate() * chunk_s))
        while True:
            data = wav.readframes(frames_per_chunk)
            if not data:
                break
            converted = converter.convert(data)
            if converted:
                yield converted
        tail = converter.flush()
        if tail:
            yield tail


def wav_duration_s(path: Path) -> float:
    """How long the WAV file at ``path`` plays, in seconds."""
    with wave.open(str(path), "rb") as wav:
        return wav.getnframes() / float(wav.getframerate())
