"""Voice dictation: understanding transcripts (pure) and recognising speech with Vosk.

Understanding: ``tokens`` (words), ``numbers`` (spoken quantities), ``phrases`` and
``lexicon`` (the words of dictation per language), ``intents`` (``parse_utterance``, the
public entry point), ``segments`` (cutting a sentence into items), ``matching`` (spoken
names to the household's products) and ``evaluation`` (scoring against labelled
transcripts). Recognition: ``audio`` (WAV
streaming, resampling), ``vad`` (cutting live audio into utterances), ``grammar``,
``recognizer``, ``session``, ``models`` (where a model is) and ``install`` (fetching one).
Only recognition imports Vosk and soxr, and only when used, so ``restock parse`` and the
daemon start fast.
"""
