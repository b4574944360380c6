"""Cutting a stream of 16 kHz audio into utterances: energy voice-activity detection.

Pure and clock-free: frames go in, finished utterances come out. A frame is speech when
it is clearly louder than the room's noise floor, which is learnt from quiet frames so a
humming fridge does not count as talking. An utterance starts after a few speech frames
(a cupboard door is not a sentence), keeps a short pre-roll so the first syllable is not
cut, and ends after a pause or at a length cap.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import numpy as np

from device.voice.audio import TARGET_RATE

FRAME_S = 0.03
FRAME_BYTES = int(TARGET_RATE * FRAME_S) * 2


@dataclass(frozen=True, slots=True)
class VadSettings:
    """How eagerly speech is detected; the defaults suit a kitchen with a fridge."""

    margin_db: float = 12.0
    """How far above the noise floor a frame must be to count as speech."""
    min_speech_dbfs: float = -50.0
    """Frames quieter than this are never speech, whatever the floor."""
    start_s: float = 0.09
    """Speech needed in a row to open an utterance."""
    pre_roll_s: float = 0.3
    """Audio kept from before the start, so the first syllable is not cut."""
    end_silence_s: float = 0.7
    """A pause this long ends the utterance."""
    max_utterance_s: float = 10.0


def frame_dbfs(frame: bytes) -> float:
    """The loudness of int16 PCM in dB relative to full scale (-120 for silence)."""
    samples = np.frombuffer(frame, dtype="<i2").astype(np.float32)
    if samples.size == 0:
        return -120.0
    rms = float(np.sqrt(np.mean(samples * samples))) / 32768.0
    return 20.0 * np.log10(max(rms, 1e-6))


class UtteranceSegmenter:
    """Feed 16 kHz int16 audio in any chunk size; get back each finished utterance."""

    def __init__(self, settings: VadSettings = VadSettings()) -> None:
        self.settings = settings
        self.noise_floor_db = -60.0
        self._pending = b""
        self._pre_roll: deque[bytes] = deque(maxlen=max(1, round(settings.pre_roll_s / FRAME_S)))
        self._speech_run = 0
        self._silence_run = 0
        self._utterance: list[bytes] | None = None

    @property
    def in_utterance(self) -> bool:
        """Whether speech has started and not yet ended."""
        return self._utterance is not None

    def feed(self, pcm: bytes) -> list[bytes]:
        """The utterances that ended within ``pcm`` (usually none)."""
        self._pending += pcm
        finished = []
        while len(self._pending) >= FRAME_BYTES:
            frame, self._pending = self._pending[:FRAME_BYTES], self._pending[FRAME_BYTES:]
            done = self._frame(frame)
            if done is not None:
                finished.append(done)
        return finished

    def flush(self) -> bytes | None:
        """End the current utterance now (push-to-talk released, stream over)."""
        utterance = self._utterance
        self._reset()
        if utterance is None:
            return None
        return b"".join(utterance) + self._pending

    def _frame(self, frame: bytes) -> bytes | None:
        s = self.settings
        level = frame_dbfs(frame)
        is_speech = level > max(self.noise_floor_db + s.margin_db, s.min_speech_dbfs)
        if not is_speech and self._utterance is None:
            # Follow the floor quickly downwards, slowly upwards (speech must not raise it).
            rate = 0.3 if level < self.noise_floor_db else 0.05
            self.noise_floor_db += rate * (level - self.noise_floor_db)
        if self._utterance is None:
            self._pre_roll.append(frame)
            self._speech_run = self._speech_run + 1 if is_speech else 0
            if self._speech_run * FRAME_S >= s.start_s:
                self._utterance = list(self._pre_roll)
                self._silence_run = 0
            return None
        self._utterance.append(frame)
        self._silence_run = 0 if is_speech else self._silence_run + 1
        too_long = len(self._utterance) * FRAME_S >= s.max_utterance_s
        if self._silence_run * FRAME_S >= s.end_silence_s or too_long:
            utterance = b"".join(self._utterance)
            self._reset()
            return utterance
        return None

    def _reset(self) -> None:
        self._utterance = None
        self._speech_run = 0
        self._silence_run = 0
        self._pre_roll.clear()
