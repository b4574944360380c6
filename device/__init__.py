"""The kitchen device: input sources (scanners, camera, microphone), decoding, the daemon."""
