"""The household's shared core: domain model, errors, configuration and the list store.

Kept light on purpose: importing it never pulls in OpenCV, Vosk or HiGHS.
"""
